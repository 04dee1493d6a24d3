import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { Injectable, Logger } from '@nestjs/common';
import { CallContext } from '@acme/context';
import { DomainError } from '@acme/errors';
import { type Order } from '../../domain/order';
import { failureError, failureOf } from '../../domain/order-failure';
import { OrderErrors } from '../../domain/order-errors';
import { priceOrder } from '../../domain/order-pricing';
import { OrderRepository } from '../../domain/order.repository';
import { type ReservedLine, StockReservations } from '../../domain/stock-reservations.port';
import { UserDirectory } from '../../domain/user-directory.port';
import { InFlightOrders } from '../shared/in-flight-orders';
import { type CreateOrderCommand } from './create-order.command';
import { OrderFaults } from './order-faults';
import { requestFingerprint } from './request-fingerprint';

/** How long a duplicate waits for the original when the caller set no deadline. */
const DUPLICATE_WAIT_WITHOUT_DEADLINE_MS = 10_000;
/** Time kept back from the caller's deadline to answer before it passes. */
const ANSWER_MARGIN_MS = 50;
/** Poll interval while waiting for an attempt placed by another instance. */
const DUPLICATE_POLL_MS = 100;

/** Statuses after which a call may have taken effect on the server although it failed here. */
const OUTCOME_UNKNOWN = new Set<GrpcStatus>([GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.CANCELLED, GrpcStatus.UNAVAILABLE, GrpcStatus.UNKNOWN, GrpcStatus.INTERNAL]);

/**
 * Places an order: checks the user, records the order PENDING, reserves its stock and
 * confirms it with the reserved prices. Any failure after the order is recorded marks it
 * FAILED and releases the stock before the error goes back to the caller unchanged (the
 * product service's INSUFFICIENT_STOCK or PRODUCT_NOT_FOUND keep their reason and domain).
 *
 * With an idempotency key, a repeat of the same body returns the same order without reserving
 * again, also while the first attempt is still in flight (it waits for its outcome); another
 * body is refused. A FAILED attempt kept nothing, so a later repeat places the order anew;
 * requests that waited on the failing attempt get its error.
 */
@Injectable()
export class CreateOrderUseCase {
  private readonly logger = new Logger(CreateOrderUseCase.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly users: UserDirectory,
    private readonly stock: StockReservations,
    private readonly inFlight: InFlightOrders,
    private readonly faults: OrderFaults,
  ) {}

  async execute(command: CreateOrderCommand): Promise<Order> {
    if (!(await this.users.exists(command.userId))) throw OrderErrors.userNotFound(command.userId);

    const requestHash = requestFingerprint(command.items);
    const idempotencyKey = command.idempotencyKey || null;
    if (idempotencyKey !== null) {
      const previous = await this.orders.findLatestByIdempotencyKey(command.userId, idempotencyKey);
      if (previous !== undefined && previous.requestHash !== requestHash) throw OrderErrors.idempotencyKeyReused(idempotencyKey);
      if (previous !== undefined && previous.status !== 'FAILED') return this.outcomeOf(previous);
    }

    const { created, order } = await this.orders.insertPending({
      id: randomUUID(),
      userId: command.userId,
      items: command.items.map((item) => ({ productId: item.productId, quantity: item.quantity, unitPriceCents: null })),
      idempotencyKey,
      requestHash,
    });
    if (!created) {
      // A concurrent duplicate recorded its attempt first: answer with that attempt's outcome.
      if (order.requestHash !== requestHash) throw OrderErrors.idempotencyKeyReused(idempotencyKey ?? '');
      return this.outcomeOf(order);
    }
    return this.place(order);
  }

  private async place(order: Order): Promise<Order> {
    this.inFlight.track(order.id);
    // Whether a failed ReserveStock may still have reserved (a deadline, a lost connection).
    let reservationUnknown = false;
    try {
      let reserved: ReservedLine[];
      try {
        reserved = await this.stock.reserve(order.id, order.items);
      } catch (error) {
        reservationUnknown = outcomeUnknown(error);
        throw error;
      }
      this.faults.afterStockReserved(order.id);
      const confirmed = await this.orders.confirm(order.id, priceOrder(order.items, reserved));
      if (confirmed === undefined) throw OrderErrors.orderInterrupted(order.id);
      return confirmed;
    } catch (error) {
      const confirmed = await this.compensate(order.id, error, reservationUnknown);
      if (confirmed !== undefined) return confirmed;
      throw error;
    } finally {
      this.inFlight.finish(order.id);
    }
  }

  /**
   * Marks the order FAILED, then releases its stock. FAILED comes first and only by
   * compare-and-set from PENDING: if the confirm did commit (its answer was lost), the order is
   * CONFIRMED and returned instead of being released. If the reservation's outcome is unknown
   * (a deadline or a lost connection), it may still land after this release, so the release
   * stays pending and recovery repeats it once the lease has passed.
   * Runs outside the caller's context: the caller's deadline may be what failed, and the
   * release must go out anyway.
   */
  private compensate(orderId: string, error: unknown, reservationUnknown: boolean): Promise<Order | undefined> {
    return CallContext.run({ requestId: CallContext.current()?.requestId }, async () => {
      try {
        const failed = await this.orders.fail(orderId, failureOf(error));
        if (failed === undefined) {
          const order = await this.orders.findById(orderId);
          if (order?.status === 'CONFIRMED') return order;
        }
      } catch (storeError) {
        // Without the FAILED mark the order stays PENDING; recovery resolves it after the lease.
        this.logger.error({ err: storeError, orderId }, 'could not mark the order FAILED; recovery will resolve it');
        return undefined;
      }
      try {
        await this.stock.release(orderId);
        if (!reservationUnknown) await this.orders.markReleased(orderId);
      } catch (releaseError) {
        this.logger.warn({ err: releaseError, orderId }, 'could not release the stock of a failed order; recovery will retry');
      }
      return undefined;
    });
  }

  /**
   * The outcome of an attempt made by an earlier or concurrent request: waits while it is
   * PENDING (at most until shortly before the caller's deadline), then returns it, or throws
   * the error it failed with. An attempt still PENDING when the time is up is returned as is.
   */
  private async outcomeOf(attempt: Order): Promise<Order> {
    const signal = CallContext.current()?.signal;
    const remaining = CallContext.remainingMs();
    const until = Date.now() + (remaining === undefined ? DUPLICATE_WAIT_WITHOUT_DEADLINE_MS : remaining - ANSWER_MARGIN_MS);
    let current = attempt;
    while (current.status === 'PENDING' && Date.now() < until && signal?.aborted !== true) {
      await this.inFlight.settled(current.id, Math.min(DUPLICATE_POLL_MS, until - Date.now()), signal);
      current = (await this.orders.findById(current.id)) ?? current;
    }
    if (current.status === 'FAILED') throw current.failure === null ? OrderErrors.orderInterrupted(current.id) : failureError(current.failure);
    return current;
  }
}

function outcomeUnknown(error: unknown): boolean {
  return !(error instanceof DomainError) || OUTCOME_UNKNOWN.has(error.status);
}
