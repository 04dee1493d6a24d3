/** A quantity of one product an order asks for. */
export interface StockRequest {
  readonly productId: string;
  readonly quantity: number;
}

/** A reserved quantity with the price the product had when it was reserved. */
export interface ReservedItem extends StockRequest {
  readonly unitPriceCents: number;
  readonly currency: string;
}

export type ReservationStatus = 'RESERVED' | 'RELEASED';

/** Everything one order holds (or held, once RELEASED). */
export interface Reservation {
  readonly orderId: string;
  readonly status: ReservationStatus;
  /** One item per product, ordered by product id. */
  readonly items: readonly ReservedItem[];
}
