import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { type DomainError } from '@acme/errors';
import { OrderRequestMapper } from './order-request.mapper';

const USER = randomUUID();
const APPLE = randomUUID();
const PEAR = randomUUID();

function violations(fn: () => unknown): { field: string; description: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toMatchObject({ status: GrpcStatus.INVALID_ARGUMENT, reason: 'VALIDATION_FAILED', domain: 'order.acme.dev' });
    return [...(error as DomainError).fieldViolations];
  }
  throw new Error('expected a validation error');
}

describe('OrderRequestMapper.toCreateOrderCommand', () => {
  it('accepts a valid request, lower-casing ids and dropping an empty key', () => {
    expect(OrderRequestMapper.toCreateOrderCommand({ userId: USER.toUpperCase(), items: [{ productId: APPLE.toUpperCase(), quantity: 1000 }], idempotencyKey: '' })).toEqual({
      userId: USER,
      items: [{ productId: APPLE, quantity: 1000 }],
      idempotencyKey: undefined,
    });
    expect(OrderRequestMapper.toCreateOrderCommand({ userId: USER, items: [{ productId: APPLE, quantity: 1 }], idempotencyKey: 'k' }).idempotencyKey).toBe('k');
  });

  it('names every invalid field the way the REST API spells it', () => {
    const fields = violations(() =>
      OrderRequestMapper.toCreateOrderCommand({
        userId: 'me',
        items: [
          { productId: 'x', quantity: 1 },
          { productId: APPLE, quantity: 0 },
          { productId: PEAR, quantity: 1001 },
        ],
        idempotencyKey: 'k'.repeat(256),
      }),
    ).map((v) => v.field);
    expect(fields).toEqual(['userId', 'items.0.productId', 'items.1.quantity', 'items.2.quantity', 'idempotencyKey']);
  });

  it('requires 1..50 items', () => {
    expect(violations(() => OrderRequestMapper.toCreateOrderCommand({ userId: USER, items: [], idempotencyKey: '' }))).toEqual([
      { field: 'items', description: 'must hold at least one item' },
    ]);
    const items = Array.from({ length: 51 }, () => ({ productId: randomUUID(), quantity: 1 }));
    expect(violations(() => OrderRequestMapper.toCreateOrderCommand({ userId: USER, items, idempotencyKey: '' })).map((v) => v.field)).toEqual(['items']);
    expect(() => OrderRequestMapper.toCreateOrderCommand({ userId: USER, items: items.slice(0, 50), idempotencyKey: '' })).not.toThrow();
  });

  it('refuses a product listed twice (also in other letter case) instead of merging', () => {
    const items = [
      { productId: APPLE, quantity: 1 },
      { productId: PEAR, quantity: 1 },
      { productId: APPLE.toUpperCase(), quantity: 2 },
    ];
    expect(violations(() => OrderRequestMapper.toCreateOrderCommand({ userId: USER, items, idempotencyKey: '' }))).toEqual([
      { field: 'items.2.productId', description: 'appears more than once; send one line per product' },
    ]);
  });
});

describe('OrderRequestMapper.toListOrdersQuery', () => {
  it('defaults 0 to 20, caps at 100 and refuses negative sizes', () => {
    expect(OrderRequestMapper.toListOrdersQuery({ userId: USER, pageSize: 0, pageToken: '' }).pageSize).toBe(20);
    expect(OrderRequestMapper.toListOrdersQuery({ userId: USER, pageSize: 7, pageToken: 't' })).toEqual({ userId: USER, pageSize: 7, pageToken: 't' });
    expect(OrderRequestMapper.toListOrdersQuery({ userId: USER, pageSize: 1000, pageToken: '' }).pageSize).toBe(100);
    expect(violations(() => OrderRequestMapper.toListOrdersQuery({ userId: USER, pageSize: -1, pageToken: '' })).map((v) => v.field)).toEqual(['pageSize']);
  });
});

describe('OrderRequestMapper.toOrderRef', () => {
  it('validates the user id and leaves the order id to the lookup', () => {
    expect(OrderRequestMapper.toOrderRef({ id: 'not-a-uuid', userId: USER })).toEqual({ id: 'not-a-uuid', userId: USER });
    expect(violations(() => OrderRequestMapper.toOrderRef({ id: APPLE, userId: '' })).map((v) => v.field)).toEqual(['userId']);
  });
});
