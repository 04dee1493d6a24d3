import { type NewOrder, type Order, type OrderCursor, type OrderFailure, type OrderPricing } from './order';

/** The result of recording an order whose idempotency key may already be held. */
export interface InsertPendingResult {
  /** False when a live attempt (not FAILED) already holds the idempotency key. */
  readonly created: boolean;
  /** The new order, or the attempt holding the key. */
  readonly order: Order;
}

/**
 * Orders as the service stores them. State changes are conditional on the current status
 * (compare-and-set), so a confirming request and the recovery of the same order cannot both win.
 */
export abstract class OrderRepository {
  /**
   * Records a PENDING order. An idempotency key is held by at most one attempt that is not
   * FAILED; when another holds it, nothing is written and that attempt is returned.
   */
  abstract insertPending(order: NewOrder): Promise<InsertPendingResult>;

  abstract findById(id: string): Promise<Order | undefined>;

  /** The order if it exists and belongs to `userId`. */
  abstract findOwned(id: string, userId: string): Promise<Order | undefined>;

  /** The newest attempt made with this idempotency key, whatever its status. */
  abstract findLatestByIdempotencyKey(userId: string, idempotencyKey: string): Promise<Order | undefined>;

  /** PENDING -> CONFIRMED with its prices; undefined when the order is no longer PENDING. */
  abstract confirm(id: string, pricing: OrderPricing): Promise<Order | undefined>;

  /** PENDING -> FAILED with a release pending; undefined when the order is no longer PENDING. */
  abstract fail(id: string, failure: OrderFailure): Promise<Order | undefined>;

  /** CONFIRMED -> CANCELLED with a release pending; undefined when the order is no longer CONFIRMED. */
  abstract cancel(id: string): Promise<Order | undefined>;

  /** Notes that the order's stock was released. */
  abstract markReleased(id: string): Promise<void>;

  /** A user's orders, newest first, after `cursor` when given. */
  abstract listByUser(userId: string, limit: number, cursor?: OrderCursor): Promise<Order[]>;

  /**
   * Orders needing recovery whose last change is older than `leaseMs` by the database clock:
   * PENDING ones (their instance is presumed dead) and ones with a release still pending.
   */
  abstract findUnresolved(leaseMs: number, limit: number): Promise<Order[]>;
}
