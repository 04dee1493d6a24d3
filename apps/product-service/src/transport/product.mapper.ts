import { type productV1, toTimestamp } from '@acme/contracts';
import { type ImportLine, type ImportReport } from '../application/import-products/import-products.use-case';
import { type Product, type ProductDraft } from '../domain/product.entity';
import { type ReservedItem, type StockRequest } from '../domain/reservation.entity';
import { type StockLevel } from '../domain/stock-level.entity';

export function toProductMessage(product: Product): productV1.Product {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    priceCents: product.priceCents,
    currency: product.currency,
    stock: product.stock,
    createTime: toTimestamp(product.createTime),
    updateTime: toTimestamp(product.updateTime),
  };
}

/** The request's fields as a draft; validation happens in the domain (shared with import). */
export function toProductDraft(request: productV1.CreateProductRequest): ProductDraft {
  return {
    sku: request.sku,
    name: request.name,
    description: request.description,
    priceCents: request.priceCents,
    currency: request.currency,
    stock: request.stock,
  };
}

export function toReservedItemMessage(item: ReservedItem): productV1.ReservedItem {
  return { productId: item.productId, quantity: item.quantity, unitPriceCents: item.unitPriceCents, currency: item.currency };
}

export function toStockItemMessage(item: StockRequest): productV1.StockItem {
  return { productId: item.productId, quantity: item.quantity };
}

export function toWatchStockResponse(level: StockLevel): productV1.WatchStockResponse {
  return { productId: level.productId, stock: level.stock, updateTime: toTimestamp(level.updateTime) };
}

/**
 * An import message as a line; `position` (1-based order of arrival) stands in for a line
 * number the caller left unset. proto-loader gives null for an absent product.
 */
export function toImportLine(request: productV1.ImportProductsRequest, position: number): ImportLine {
  const line = request.line > 0 ? request.line : position;
  return { line, draft: request.product ? toProductDraft(request.product) : undefined };
}

export function toImportProductsResponse(report: ImportReport): productV1.ImportProductsResponse {
  return { created: report.created, failed: report.failed.map(({ line, code, message }) => ({ line, code, message })), failedCount: report.failedCount };
}
