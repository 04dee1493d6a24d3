import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { beforeEach, describe, expect, it } from 'vitest';
import { RemoteError } from '@acme/errors';
import { type Order } from '../../domain/order';
import { InFlightOrders } from '../shared/in-flight-orders';
import { FakeStock, InMemoryOrderRepository } from '../spec/fakes.spec-helper';
import { RecoverOrdersUseCase } from './recover-orders.use-case';

const USER = randomUUID();
const APPLE = randomUUID();
const LEASE_MS = 30_000;

describe('RecoverOrdersUseCase', () => {
  let orders: InMemoryOrderRepository;
  let stock: FakeStock;
  let inFlight: InFlightOrders;
  let useCase: RecoverOrdersUseCase;

  /** An order as a crashed instance left it, `ageMs` after its last change, with its stock reserved. */
  const abandoned = async (status: Order['status'], ageMs: number, releasePending = false): Promise<Order> => {
    const id = randomUUID();
    await stock.reserve(id, [{ productId: APPLE, quantity: 2 }]);
    const at = new Date(Date.now() - ageMs);
    const order: Order = {
      id,
      userId: USER,
      status,
      items: [{ productId: APPLE, quantity: 2, unitPriceCents: null }],
      totalCents: 0,
      currency: '',
      idempotencyKey: null,
      requestHash: 'h',
      releasePending,
      failure: null,
      createTime: at,
      updateTime: at,
    };
    orders.put(order);
    return order;
  };

  beforeEach(() => {
    orders = new InMemoryOrderRepository();
    stock = new FakeStock();
    stock.addProduct(APPLE, 100);
    inFlight = new InFlightOrders();
    useCase = new RecoverOrdersUseCase(orders, stock, inFlight);
  });

  it('fails and releases PENDING orders older than the lease, leaving younger ones alone', async () => {
    const old = await abandoned('PENDING', LEASE_MS + 1_000);
    const young = await abandoned('PENDING', 1_000);

    const report = await useCase.execute(LEASE_MS);

    expect(report).toEqual({ failed: 1, released: 1, deferred: 0 });
    expect(orders.rows.get(old.id)).toMatchObject({ status: 'FAILED', releasePending: false, failure: { reason: 'UNAVAILABLE', domain: 'order.acme.dev' } });
    expect(stock.reservations.has(old.id)).toBe(false);
    expect(orders.rows.get(young.id)?.status).toBe('PENDING');
    expect(stock.reservations.has(young.id)).toBe(true);
  });

  it('skips orders this process is placing, however old', async () => {
    const placing = await abandoned('PENDING', LEASE_MS + 1_000);
    inFlight.track(placing.id);

    await useCase.execute(LEASE_MS);

    expect(orders.rows.get(placing.id)?.status).toBe('PENDING');
  });

  it('finishes releases left pending by FAILED and CANCELLED orders', async () => {
    const failed = await abandoned('FAILED', LEASE_MS + 1_000, true);
    const cancelled = await abandoned('CANCELLED', LEASE_MS + 1_000, true);

    await useCase.execute(LEASE_MS);

    for (const order of [failed, cancelled]) {
      expect(orders.rows.get(order.id)).toMatchObject({ status: order.status, releasePending: false });
      expect(stock.reservations.has(order.id)).toBe(false);
    }
    expect(stock.stock.get(APPLE)?.stock).toBe(100);
  });

  it('defers what it cannot release and resolves it on a later run', async () => {
    const old = await abandoned('PENDING', LEASE_MS + 1_000);
    stock.failRelease = new RemoteError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'down');

    expect(await useCase.execute(0)).toMatchObject({ deferred: 1 });
    expect(orders.rows.get(old.id)).toMatchObject({ status: 'FAILED', releasePending: true });

    stock.failRelease = undefined;
    await useCase.execute(0);
    expect(orders.rows.get(old.id)).toMatchObject({ status: 'FAILED', releasePending: false });
    expect(stock.reservations.has(old.id)).toBe(false);
  });
});
