import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { packageRoot } from '@acme/config';
import { orderV1 } from '@acme/contracts';
import { GrpcClientModule } from '@acme/grpc-client';
import { GrpcServiceModule } from '@acme/grpc-server';
import { CancelOrderUseCase } from './application/cancel-order/cancel-order.use-case';
import { CreateOrderUseCase } from './application/create-order/create-order.use-case';
import { OrderFaults } from './application/create-order/order-faults';
import { GetOrderUseCase } from './application/get-order/get-order.use-case';
import { ListOrdersUseCase } from './application/list-orders/list-orders.use-case';
import { ORDER_RECOVERY_OPTIONS, OrderRecoveryScheduler, type OrderRecoveryOptions } from './application/recover-orders/order-recovery.scheduler';
import { RecoverOrdersUseCase } from './application/recover-orders/recover-orders.use-case';
import { InFlightOrders } from './application/shared/in-flight-orders';
import { APP_CONFIG, type AppConfig } from './config';
import { ORDER_ERROR_DOMAIN } from './domain/order-errors';
import { OrderRepository } from './domain/order.repository';
import { StockReservations } from './domain/stock-reservations.port';
import { UserDirectory } from './domain/user-directory.port';
import { DrizzleOrderRepository } from './infrastructure/drizzle-order.repository';
import { ProcessCrashFaults } from './infrastructure/process-crash.faults';
import { ProductStockAdapter } from './infrastructure/product-stock.adapter';
import { UserDirectoryAdapter } from './infrastructure/user-directory.adapter';
import { SERVICE_NAME, SERVICE_VERSION } from './service-info';
import { OrderGrpcController } from './transport/order.grpc-controller';

/** All wiring of the order service; `config` is loaded once by main.ts (or a test). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Logging, metrics, interceptors, error filter, database and registry, registered once.
        GrpcServiceModule.forRoot({
          name: SERVICE_NAME,
          version: SERVICE_VERSION,
          config,
          migrationsFolder: join(packageRoot(__dirname), 'migrations'),
          errorDomain: ORDER_ERROR_DOMAIN,
          healthService: `${orderV1.PACKAGE}.${orderV1.ORDER_SERVICE_NAME}`,
          addresses: { 'user-service': config.USER_SERVICE_TARGET, 'product-service': config.PRODUCT_SERVICE_TARGET },
        }),
        GrpcClientModule.forRoot(),
      ],
      controllers: [OrderGrpcController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: OrderRepository, useClass: DrizzleOrderRepository },
        { provide: StockReservations, useClass: ProductStockAdapter },
        { provide: UserDirectory, useClass: UserDirectoryAdapter },
        { provide: OrderFaults, useValue: new ProcessCrashFaults(config.FAULT_CRASH_AFTER_RESERVE) },
        {
          provide: ORDER_RECOVERY_OPTIONS,
          useValue: { leaseMs: config.ORDER_PENDING_LEASE_MS, intervalMs: config.ORDER_RECOVERY_INTERVAL_MS } satisfies OrderRecoveryOptions,
        },
        InFlightOrders,
        CreateOrderUseCase,
        GetOrderUseCase,
        ListOrdersUseCase,
        CancelOrderUseCase,
        RecoverOrdersUseCase,
        OrderRecoveryScheduler,
      ],
    };
  }
}
