import { type productV1 } from '@acme/contracts';
import { optionalRfc3339 } from '../common/timestamp.mapper';
import { type CreateProductRequest } from './dto/create-product.request';
import { type ImportFailureResponse } from './dto/import-failure.response';
import { type ProductPageResponse } from './dto/product-page.response';
import { type ProductResponse } from './dto/product.response';
import { type StockEventData } from './dto/stock-event.data';

/** Body (or import line) -> CreateProductRequest message. */
export function toCreateProductMessage(body: CreateProductRequest): productV1.CreateProductRequest {
  return {
    sku: body.sku,
    name: body.name,
    description: body.description ?? '',
    priceCents: body.priceCents,
    currency: body.currency,
    stock: body.stock,
  };
}

/** Product message -> JSON. */
export function toProductResponse(product: productV1.Product): ProductResponse {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    priceCents: product.priceCents,
    currency: product.currency,
    stock: product.stock,
    createTime: optionalRfc3339(product.createTime),
    updateTime: optionalRfc3339(product.updateTime),
  };
}

/** ListProductsResponse -> JSON page. */
export function toProductPageResponse(page: productV1.ListProductsResponse): ProductPageResponse {
  return { products: page.products.map(toProductResponse), nextPageToken: page.nextPageToken };
}

/** WatchStockResponse -> the `data:` of a stock event. */
export function toStockEventData(change: productV1.WatchStockResponse): StockEventData {
  return { productId: change.productId, stock: change.stock, updateTime: optionalRfc3339(change.updateTime) };
}

/** An import failure the product service reported -> JSON. */
export function toImportFailure(failure: productV1.ImportProductsResponse_Failure): ImportFailureResponse {
  return { line: failure.line, code: failure.code, message: failure.message };
}
