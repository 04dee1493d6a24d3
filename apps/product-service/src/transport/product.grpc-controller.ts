import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { defer, map, type Observable } from 'rxjs';
import { productV1 } from '@acme/contracts';
import { CreateProductUseCase } from '../application/create-product/create-product.use-case';
import { GetProductUseCase } from '../application/get-product/get-product.use-case';
import { ListProductsUseCase } from '../application/list-products/list-products.use-case';
import { ReleaseStockUseCase } from '../application/release-stock/release-stock.use-case';
import { ReserveStockUseCase } from '../application/reserve-stock/reserve-stock.use-case';
import { WatchStockUseCase } from '../application/watch-stock/watch-stock.use-case';
import { decodePageToken, encodePageToken } from './page-token';
import { toProductDraft, toProductMessage, toReservedItemMessage, toStockItemMessage, toWatchStockResponse } from './product.mapper';
import { pageSizeOf, requireOrderId, requireProductId, requireStockItems } from './request-validation';

const SERVICE = productV1.PRODUCT_SERVICE_NAME;

/**
 * ProductService over gRPC: converts messages to domain values and back, delegating each RPC
 * to its use case. Bound with explicit @GrpcMethod instead of the generated
 * @ProductServiceControllerMethods(), which would bind ImportProducts with GrpcStreamMethod
 * (an RxJS subject fed in flowing mode, no backpressure); ImportProductsGrpcController
 * serves that method with GrpcStreamCall.
 */
@Controller()
export class ProductGrpcController implements Omit<productV1.ProductServiceController, 'importProducts'> {
  constructor(
    private readonly createProductUseCase: CreateProductUseCase,
    private readonly getProductUseCase: GetProductUseCase,
    private readonly listProductsUseCase: ListProductsUseCase,
    private readonly reserveStockUseCase: ReserveStockUseCase,
    private readonly releaseStockUseCase: ReleaseStockUseCase,
    private readonly watchStockUseCase: WatchStockUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'CreateProduct')
  async createProduct(request: productV1.CreateProductRequest): Promise<productV1.CreateProductResponse> {
    const product = await this.createProductUseCase.execute(toProductDraft(request));
    return { product: toProductMessage(product) };
  }

  @GrpcMethod(SERVICE, 'GetProduct')
  async getProduct(request: productV1.GetProductRequest): Promise<productV1.GetProductResponse> {
    const product = await this.getProductUseCase.execute(requireProductId(request.id, 'id'));
    return { product: toProductMessage(product) };
  }

  @GrpcMethod(SERVICE, 'ListProducts')
  async listProducts(request: productV1.ListProductsRequest): Promise<productV1.ListProductsResponse> {
    const pageSize = pageSizeOf(request.pageSize);
    const after = request.pageToken === '' ? undefined : decodePageToken(request.pageToken);
    const page = await this.listProductsUseCase.execute(pageSize, after);
    return { products: page.products.map(toProductMessage), nextPageToken: page.next === undefined ? '' : encodePageToken(page.next) };
  }

  @GrpcMethod(SERVICE, 'ReserveStock')
  async reserveStock(request: productV1.ReserveStockRequest): Promise<productV1.ReserveStockResponse> {
    const orderId = requireOrderId(request.orderId);
    const reservation = await this.reserveStockUseCase.execute(orderId, requireStockItems(request.items));
    return { orderId, items: reservation.items.map(toReservedItemMessage) };
  }

  @GrpcMethod(SERVICE, 'ReleaseStock')
  async releaseStock(request: productV1.ReleaseStockRequest): Promise<productV1.ReleaseStockResponse> {
    const orderId = requireOrderId(request.orderId);
    const released = await this.releaseStockUseCase.execute(orderId);
    return { orderId, releasedItems: released.map(toStockItemMessage) };
  }

  /** Server stream; Nest unsubscribes (ending the watch) when the caller cancels. */
  @GrpcMethod(SERVICE, 'WatchStock')
  watchStock(request: productV1.WatchStockRequest): Observable<productV1.WatchStockResponse> {
    return defer(() => this.watchStockUseCase.execute(requireProductId(request.productId, 'productId'))).pipe(map(toWatchStockResponse));
  }
}
