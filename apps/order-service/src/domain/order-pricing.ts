import { type OrderLine, type OrderPricing } from './order';
import { OrderErrors } from './order-errors';
import { type ReservedLine } from './stock-reservations.port';

/**
 * Prices an order from its reservation: unit prices per line, the total and the single
 * currency. Rejects with CURRENCY_MISMATCH when the products are priced in several currencies;
 * throws a plain Error (an INTERNAL failure) when the reservation does not cover the order.
 */
export function priceOrder(items: readonly OrderLine[], reserved: readonly ReservedLine[]): OrderPricing {
  const byProduct = new Map(reserved.map((line) => [line.productId, line]));
  const currencies = [...new Set(reserved.map((line) => line.currency))].sort();
  if (currencies.length > 1) throw OrderErrors.currencyMismatch(currencies);

  let totalCents = 0;
  const priced = items.map((item) => {
    const line = byProduct.get(item.productId);
    if (line === undefined || line.quantity !== item.quantity) {
      throw new Error(`reservation does not match the order for product ${item.productId}`);
    }
    totalCents += line.unitPriceCents * item.quantity;
    return { ...item, unitPriceCents: line.unitPriceCents };
  });
  if (!Number.isSafeInteger(totalCents)) throw new Error(`order total ${totalCents} exceeds the safe integer range`);
  return { items: priced, totalCents, currency: currencies[0] ?? '' };
}
