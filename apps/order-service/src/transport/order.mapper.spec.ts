import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { orderV1 } from '@acme/contracts';
import { type Order } from '../domain/order';
import { OrderMapper } from './order.mapper';

describe('OrderMapper.toMessage', () => {
  const order: Order = {
    id: randomUUID(),
    userId: randomUUID(),
    status: 'CONFIRMED',
    items: [
      { productId: 'p1', quantity: 2, unitPriceCents: 150 },
      { productId: 'p2', quantity: 1, unitPriceCents: null },
    ],
    totalCents: 300,
    currency: 'EUR',
    idempotencyKey: 'k',
    requestHash: 'h',
    releasePending: false,
    failure: null,
    createTime: new Date(1_700_000_000_123),
    updateTime: new Date(1_700_000_001_000),
  };

  it('maps fields, prices (0 when not priced yet) and timestamps', () => {
    expect(OrderMapper.toMessage(order)).toEqual({
      id: order.id,
      userId: order.userId,
      status: orderV1.OrderStatus.ORDER_STATUS_CONFIRMED,
      items: [
        { productId: 'p1', quantity: 2, unitPriceCents: 150 },
        { productId: 'p2', quantity: 1, unitPriceCents: 0 },
      ],
      totalCents: 300,
      currency: 'EUR',
      createTime: { seconds: 1_700_000_000, nanos: 123_000_000 },
      updateTime: { seconds: 1_700_000_001, nanos: 0 },
    });
  });

  it('maps every status', () => {
    const statuses = (['PENDING', 'CONFIRMED', 'CANCELLED', 'FAILED'] as const).map((status) => OrderMapper.toMessage({ ...order, status }).status);
    expect(statuses).toEqual([
      orderV1.OrderStatus.ORDER_STATUS_PENDING,
      orderV1.OrderStatus.ORDER_STATUS_CONFIRMED,
      orderV1.OrderStatus.ORDER_STATUS_CANCELLED,
      orderV1.OrderStatus.ORDER_STATUS_FAILED,
    ]);
  });
});
