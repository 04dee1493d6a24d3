import { Inject, Injectable } from '@nestjs/common';
import { productV1 } from '@acme/contracts';
import { type GrpcClient, GrpcClients } from '@acme/grpc-client';
import { REGISTRY, type Registry } from '@acme/registry';
import { type ReservedLine, type StockRequest, StockReservations } from '../domain/stock-reservations.port';
import { APP_CONFIG, type AppConfig } from '../config';

/**
 * Stock reservations through ProductService on the process's one channel to it. Deadlines
 * follow the caller's (CallContext); errors are the product service's own RemoteErrors.
 */
@Injectable()
export class ProductStockAdapter extends StockReservations {
  private readonly products: GrpcClient<typeof productV1.ProductServiceDefinition>;

  constructor(clients: GrpcClients, @Inject(REGISTRY) registry: Registry, @Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.products = clients.create(productV1.ProductServiceDefinition, { ...registry.targetFor('product-service'), defaultTimeoutMs: config.CLIENT_TIMEOUT_MS });
  }

  async reserve(orderId: string, lines: readonly StockRequest[]): Promise<ReservedLine[]> {
    const response = await this.products.reserveStock({
      orderId,
      items: lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
    });
    return response.items.map((item) => ({
      productId: item.productId,
      quantity: item.quantity,
      unitPriceCents: item.unitPriceCents,
      currency: item.currency,
    }));
  }

  async release(orderId: string): Promise<void> {
    await this.products.releaseStock({ orderId });
  }
}
