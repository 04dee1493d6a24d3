import { orderV1, toTimestamp } from '@acme/contracts';
import { type Order, type OrderStatus } from '../domain/order';

/** Domain orders as acme.order.v1 messages. */
export const OrderMapper = {
  toMessage(order: Order): orderV1.Order {
    return {
      id: order.id,
      userId: order.userId,
      status: toStatus(order.status),
      items: order.items.map((item) => ({ productId: item.productId, quantity: item.quantity, unitPriceCents: item.unitPriceCents ?? 0 })),
      totalCents: order.totalCents,
      currency: order.currency,
      createTime: toTimestamp(order.createTime),
      updateTime: toTimestamp(order.updateTime),
    };
  },
} as const;

function toStatus(status: OrderStatus): orderV1.OrderStatus {
  switch (status) {
    case 'PENDING':
      return orderV1.OrderStatus.ORDER_STATUS_PENDING;
    case 'CONFIRMED':
      return orderV1.OrderStatus.ORDER_STATUS_CONFIRMED;
    case 'CANCELLED':
      return orderV1.OrderStatus.ORDER_STATUS_CANCELLED;
    case 'FAILED':
      return orderV1.OrderStatus.ORDER_STATUS_FAILED;
    default: {
      const unreachable: never = status;
      throw new Error(`unknown order status ${String(unreachable)}`);
    }
  }
}

