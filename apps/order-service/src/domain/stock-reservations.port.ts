/** A quantity of one product to reserve. */
export interface StockRequest {
  readonly productId: string;
  readonly quantity: number;
}

/** A reserved quantity with the price it was reserved at. */
export interface ReservedLine {
  readonly productId: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly currency: string;
}

/**
 * Stock held for orders by the product service; reservations are keyed by order id.
 * Failures reject with the product service's own error (a RemoteError with its reason and
 * domain), so callers can tell INSUFFICIENT_STOCK from UNAVAILABLE and pass it on unchanged.
 */
export abstract class StockReservations {
  /** Reserves every line or none; idempotent per order id (a repeat returns the first reservation). */
  abstract reserve(orderId: string, lines: readonly StockRequest[]): Promise<ReservedLine[]>;
  /** Returns the order's reserved stock; idempotent (releasing twice or never-reserved stock is a no-op). */
  abstract release(orderId: string): Promise<void>;
}
