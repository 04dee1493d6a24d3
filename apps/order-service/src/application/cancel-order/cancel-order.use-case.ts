import { Injectable } from '@nestjs/common';
import { type Order } from '../../domain/order';
import { OrderErrors } from '../../domain/order-errors';
import { OrderRepository } from '../../domain/order.repository';
import { StockReservations } from '../../domain/stock-reservations.port';

/**
 * Cancels a CONFIRMED order and releases its stock. Cancelling a CANCELLED order returns it
 * unchanged (finishing its release if that had failed). PENDING orders are still being placed
 * and FAILED ones hold nothing: both are refused with FAILED_PRECONDITION (ORDER_NOT_CANCELLABLE).
 */
@Injectable()
export class CancelOrderUseCase {
  constructor(
    private readonly orders: OrderRepository,
    private readonly stock: StockReservations,
  ) {}

  async execute(command: { readonly id: string; readonly userId: string }): Promise<Order> {
    const order = await this.orders.findOwned(command.id, command.userId);
    if (order === undefined) throw OrderErrors.orderNotFound(command.id);
    switch (order.status) {
      case 'CONFIRMED': {
        // CANCELLED is stored (with the release pending) before stock is returned, so a crash
        // or a failed release leaves an order that recovery or a repeated cancel completes.
        const cancelled = await this.orders.cancel(order.id);
        // Another request changed it in between (a concurrent cancel): answer from its state.
        if (cancelled === undefined) return this.execute(command);
        return this.release(cancelled);
      }
      case 'CANCELLED':
        return order.releasePending ? this.release(order) : order;
      case 'PENDING':
      case 'FAILED':
        throw OrderErrors.orderNotCancellable(order.id, order.status);
      default: {
        const unreachable: never = order.status;
        throw new Error(`unknown order status ${String(unreachable)}`);
      }
    }
  }

  private async release(order: Order): Promise<Order> {
    await this.stock.release(order.id);
    await this.orders.markReleased(order.id);
    return { ...order, releasePending: false };
  }
}
