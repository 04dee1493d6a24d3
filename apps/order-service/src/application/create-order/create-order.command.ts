import { type StockRequest } from '../../domain/stock-reservations.port';

/** A validated CreateOrder request: 1..50 distinct products, quantities 1..1000. */
export interface CreateOrderCommand {
  readonly userId: string;
  readonly items: readonly StockRequest[];
  /** Scopes retries of the same request to one order; undefined when the caller sent none. */
  readonly idempotencyKey?: string;
}
