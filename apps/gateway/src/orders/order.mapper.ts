import { orderV1 } from '@acme/contracts';
import { optionalRfc3339 } from '../common/timestamp.mapper';
import { type CreateOrderRequest } from './dto/create-order.request';
import { type OrderPageResponse } from './dto/order-page.response';
import { ORDER_STATUSES, type OrderResponse, type OrderStatusName } from './dto/order.response';

const STATUS_PREFIX = 'ORDER_STATUS_';

/** Body + caller + Idempotency-Key -> CreateOrderRequest message. */
export function toCreateOrderMessage(body: CreateOrderRequest, userId: string, idempotencyKey: string | undefined): orderV1.CreateOrderRequest {
  return {
    userId,
    items: body.items.map(({ productId, quantity }) => ({ productId, quantity })),
    idempotencyKey: idempotencyKey ?? '',
  };
}

/** Order message -> JSON, the status by name without its prefix ("CONFIRMED"). */
export function toOrderResponse(order: orderV1.Order): OrderResponse {
  return {
    id: order.id,
    userId: order.userId,
    status: statusName(order.status),
    items: order.items.map(({ productId, quantity, unitPriceCents }) => ({ productId, quantity, unitPriceCents })),
    totalCents: order.totalCents,
    currency: order.currency,
    createTime: optionalRfc3339(order.createTime),
  };
}

/** ListOrdersResponse -> JSON page. */
export function toOrderPageResponse(page: orderV1.ListOrdersResponse): OrderPageResponse {
  return { orders: page.orders.map(toOrderResponse), nextPageToken: page.nextPageToken };
}

/** A status this gateway does not know yet (a newer backend) reads as UNSPECIFIED. */
function statusName(status: orderV1.OrderStatus): OrderStatusName {
  const name = (orderV1.OrderStatus as Record<number, string | undefined>)[status]?.replace(STATUS_PREFIX, '');
  return ORDER_STATUSES.find((known) => known === name) ?? 'UNSPECIFIED';
}
