import { createHash } from 'node:crypto';
import { type StockRequest } from '../../domain/stock-reservations.port';

/**
 * A hash of the canonical request body (items sorted by product id), compared when an
 * idempotency key is used again: the same items in another order are the same request.
 */
export function requestFingerprint(items: readonly StockRequest[]): string {
  const canonical = items
    .map((item) => [item.productId.toLowerCase(), item.quantity] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
