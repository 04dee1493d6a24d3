import { type Reservation, type StockRequest } from './reservation.entity';

/** What happened to a ReserveStock attempt. */
export type ReserveOutcome =
  /** Stock was taken now for every item. */
  | { readonly kind: 'reserved'; readonly reservation: Reservation }
  /**
   * The order already had a reservation (possibly released), or was released before it had one
   * (RELEASED with no items); nothing was taken.
   */
  | { readonly kind: 'existing'; readonly reservation: Reservation };

/** Atomic stock reservations keyed by order id (port). */
export abstract class ReservationRepository {
  /**
   * In one transaction, serialized per order id: returns the order's stored reservation if it
   * has one, else takes every item from stock and records it. Throws productNotFound or
   * insufficientStock (and takes nothing) when any item cannot be reserved. `items` have
   * distinct product ids.
   */
  abstract reserve(orderId: string, items: readonly StockRequest[]): Promise<ReserveOutcome>;

  /**
   * In one transaction: returns the order's RESERVED items to stock and marks them RELEASED.
   * Returns what this call released (nothing when already released or never reserved). An
   * order never reserved is remembered as released: a later reserve of it takes nothing.
   */
  abstract release(orderId: string): Promise<StockRequest[]>;
}
