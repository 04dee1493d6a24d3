/** Lifecycle of an order; the values are stored as text in the orders table. */
export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'CANCELLED' | 'FAILED';

/** One product of an order. The unit price is known once stock is reserved (null before). */
export interface OrderLine {
  readonly productId: string;
  readonly quantity: number;
  readonly unitPriceCents: number | null;
}

/** What a failed order ended with, kept so concurrent duplicates of its request get the same answer. */
export interface OrderFailure {
  /** gRPC status code. */
  readonly status: number;
  readonly reason: string;
  readonly domain: string;
  readonly message: string;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface Order {
  readonly id: string;
  readonly userId: string;
  readonly status: OrderStatus;
  readonly items: readonly OrderLine[];
  /** 0 until the order is priced (CONFIRMED or CANCELLED). */
  readonly totalCents: number;
  /** '' until the order is priced. */
  readonly currency: string;
  readonly idempotencyKey: string | null;
  /** Fingerprint of the request body, compared when the idempotency key is used again. */
  readonly requestHash: string;
  /**
   * Stock may still be held for this order and must be released (after a failure or a cancel);
   * recovery retries the release until it succeeds.
   */
  readonly releasePending: boolean;
  readonly failure: OrderFailure | null;
  readonly createTime: Date;
  readonly updateTime: Date;
}

/** What is stored when an order is recorded, before any stock is reserved. */
export interface NewOrder {
  readonly id: string;
  readonly userId: string;
  readonly items: readonly OrderLine[];
  readonly idempotencyKey: string | null;
  readonly requestHash: string;
}

/** Prices that confirm an order. */
export interface OrderPricing {
  readonly items: readonly OrderLine[];
  readonly totalCents: number;
  readonly currency: string;
}

/** Position after the last order of a page (newest first). */
export interface OrderCursor {
  readonly createTime: Date;
  readonly id: string;
}
