import { type FieldViolation } from '@acme/errors';
import { validationFailed } from '../domain/product.errors';
import { type StockRequest } from '../domain/reservation.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;
const ORDER_ID_MAX = 128;

/** A product id in canonical (lower-case) form; VALIDATION_FAILED unless it is a UUID. */
export function requireProductId(value: string, field: string): string {
  if (!UUID.test(value)) throw validationFailed([{ field, description: 'must be a UUID' }]);
  return value.toLowerCase();
}

/** 0 selects the default (20); 1..100 as given; anything else is VALIDATION_FAILED. */
export function pageSizeOf(value: number): number {
  if (value === 0) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw validationFailed([{ field: 'pageSize', description: `must be between 1 and ${MAX_PAGE_SIZE}` }]);
  }
  return value;
}

/** The order id reservations are keyed by: any non-empty string up to 128 characters. */
export function requireOrderId(value: string): string {
  if (value.length === 0 || value.length > ORDER_ID_MAX) {
    throw validationFailed([{ field: 'orderId', description: `must be 1 to ${ORDER_ID_MAX} characters` }]);
  }
  return value;
}

/** ReserveStock items: at least one, each a product UUID and a quantity of at least 1. */
export function requireStockItems(items: readonly { productId: string; quantity: number }[]): StockRequest[] {
  const violations: FieldViolation[] = [];
  if (items.length === 0) violations.push({ field: 'items', description: 'must contain at least one item' });
  items.forEach(({ productId, quantity }, index) => {
    if (!UUID.test(productId)) violations.push({ field: `items.${index}.productId`, description: 'must be a UUID' });
    if (!Number.isInteger(quantity) || quantity < 1) violations.push({ field: `items.${index}.quantity`, description: 'must be at least 1' });
  });
  if (violations.length > 0) throw validationFailed(violations);
  return items.map(({ productId, quantity }) => ({ productId: productId.toLowerCase(), quantity }));
}
