import { describe, expect, it } from 'vitest';
import { orderV1 } from '@acme/contracts';
import { toCreateOrderMessage, toOrderPageResponse, toOrderResponse } from './order.mapper';

const order: orderV1.Order = {
  id: 'o1',
  userId: 'u1',
  status: orderV1.OrderStatus.ORDER_STATUS_CONFIRMED,
  items: [{ productId: 'p1', quantity: 2, unitPriceCents: 1250 }],
  totalCents: 2500,
  currency: 'EUR',
  createTime: { seconds: 1_714_564_800, nanos: 0 },
  updateTime: { seconds: 1_714_564_801, nanos: 0 },
};

describe('order mapper', () => {
  it('maps an order to camelCase JSON, the status without its prefix and without update_time', () => {
    expect(toOrderResponse(order)).toEqual({
      id: 'o1',
      userId: 'u1',
      status: 'CONFIRMED',
      items: [{ productId: 'p1', quantity: 2, unitPriceCents: 1250 }],
      totalCents: 2500,
      currency: 'EUR',
      createTime: '2024-05-01T12:00:00Z',
    });
  });

  it.each([
    [orderV1.OrderStatus.ORDER_STATUS_UNSPECIFIED, 'UNSPECIFIED'],
    [orderV1.OrderStatus.ORDER_STATUS_PENDING, 'PENDING'],
    [orderV1.OrderStatus.ORDER_STATUS_CANCELLED, 'CANCELLED'],
    [orderV1.OrderStatus.ORDER_STATUS_FAILED, 'FAILED'],
    [orderV1.OrderStatus.UNRECOGNIZED, 'UNSPECIFIED'],
    [42 as orderV1.OrderStatus, 'UNSPECIFIED'],
  ])('status %i -> %s', (status, name) => {
    expect(toOrderResponse({ ...order, status }).status).toBe(name);
  });

  it('maps a page, and a request with the caller and an optional idempotency key', () => {
    expect(toOrderPageResponse({ orders: [order], nextPageToken: 't' })).toEqual({ orders: [toOrderResponse(order)], nextPageToken: 't' });
    const body = { items: [{ productId: 'p1', quantity: 3 }] };
    expect(toCreateOrderMessage(body, 'u1', undefined)).toEqual({ userId: 'u1', items: [{ productId: 'p1', quantity: 3 }], idempotencyKey: '' });
    expect(toCreateOrderMessage(body, 'u1', 'k').idempotencyKey).toBe('k');
  });
});
