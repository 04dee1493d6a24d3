import { Injectable, Logger } from '@nestjs/common';
import { type Order } from '../../domain/order';
import { failureOf } from '../../domain/order-failure';
import { OrderErrors } from '../../domain/order-errors';
import { OrderRepository } from '../../domain/order.repository';
import { StockReservations } from '../../domain/stock-reservations.port';
import { InFlightOrders } from '../shared/in-flight-orders';

const BATCH_SIZE = 100;

export interface RecoveryReport {
  /** PENDING orders marked FAILED. */
  readonly failed: number;
  /** Orders whose stock was released. */
  readonly released: number;
  /** Orders that could not be resolved this time (the product service is down); retried later. */
  readonly deferred: number;
}

/**
 * Resolves orders an instance left unfinished, once their lease has passed: a PENDING order
 * (its instance crashed between recording and confirming) is marked FAILED and its stock
 * released; a FAILED or CANCELLED order whose release did not go through is released again.
 *
 * PENDING orders are released, not confirmed: the client never got a confirmation (its request
 * failed or timed out), so confirming silently would sell stock to a buyer who may already
 * have retried, with a new key, and would then pay twice. Orders this process is placing
 * right now are skipped whatever their age.
 */
@Injectable()
export class RecoverOrdersUseCase {
  private readonly logger = new Logger(RecoverOrdersUseCase.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly stock: StockReservations,
    private readonly inFlight: InFlightOrders,
  ) {}

  async execute(leaseMs: number): Promise<RecoveryReport> {
    const report = { failed: 0, released: 0, deferred: 0 };
    for (;;) {
      const batch = (await this.orders.findUnresolved(leaseMs, BATCH_SIZE)).filter((order) => !this.inFlight.has(order.id));
      let progress = 0;
      for (const order of batch) {
        try {
          const outcome = await this.resolve(order);
          if (outcome === 'failed') report.failed++;
          if (outcome !== 'skipped') report.released++;
          progress++;
        } catch (error) {
          report.deferred++;
          this.logger.warn({ err: error, orderId: order.id }, 'could not resolve an unfinished order; retrying later');
        }
      }
      // Stop at the last batch, or when nothing in this one could be resolved (product service down).
      if (batch.length < BATCH_SIZE || progress === 0) break;
    }
    if (report.released > 0 || report.deferred > 0) this.logger.log(report, 'resolved unfinished orders');
    return report;
  }

  private async resolve(order: Order): Promise<'failed' | 'released' | 'skipped'> {
    let outcome: 'failed' | 'released' = 'released';
    if (order.status === 'PENDING') {
      // Compare-and-set: if the order was confirmed or failed meanwhile, this sweep leaves it
      // alone (a release still pending is picked up by the next one).
      const failed = await this.orders.fail(order.id, failureOf(OrderErrors.orderInterrupted(order.id)));
      if (failed === undefined) return 'skipped';
      outcome = 'failed';
    }
    await this.stock.release(order.id);
    await this.orders.markReleased(order.id);
    return outcome;
  }
}
