import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { beforeEach, describe, expect, it } from 'vitest';
import { RemoteError } from '@acme/errors';
import { CreateOrderUseCase } from '../create-order/create-order.use-case';
import { InFlightOrders } from '../shared/in-flight-orders';
import { FakeStock, FakeUsers, InMemoryOrderRepository, RecordingFaults } from '../spec/fakes.spec-helper';
import { CancelOrderUseCase } from './cancel-order.use-case';

const USER = randomUUID();
const APPLE = randomUUID();

describe('CancelOrderUseCase', () => {
  let orders: InMemoryOrderRepository;
  let stock: FakeStock;
  let createOrder: CreateOrderUseCase;
  let cancelOrder: CancelOrderUseCase;

  beforeEach(() => {
    orders = new InMemoryOrderRepository();
    stock = new FakeStock();
    stock.addProduct(APPLE, 10);
    const users = new FakeUsers();
    users.known.add(USER);
    createOrder = new CreateOrderUseCase(orders, users, stock, new InFlightOrders(), new RecordingFaults());
    cancelOrder = new CancelOrderUseCase(orders, stock);
  });

  it('cancels a CONFIRMED order and returns its stock; a second cancel returns it unchanged', async () => {
    const order = await createOrder.execute({ userId: USER, items: [{ productId: APPLE, quantity: 4 }] });

    const cancelled = await cancelOrder.execute({ id: order.id, userId: USER });
    const again = await cancelOrder.execute({ id: order.id, userId: USER });

    expect(cancelled).toMatchObject({ id: order.id, status: 'CANCELLED', releasePending: false, totalCents: order.totalCents });
    expect(again).toMatchObject({ id: order.id, status: 'CANCELLED' });
    expect(stock.stock.get(APPLE)?.stock).toBe(10);
    expect(stock.calls.release).toBe(1);
  });

  it('is NOT_FOUND for another user\'s order', async () => {
    const order = await createOrder.execute({ userId: USER, items: [{ productId: APPLE, quantity: 1 }] });

    await expect(cancelOrder.execute({ id: order.id, userId: randomUUID() })).rejects.toMatchObject({
      status: GrpcStatus.NOT_FOUND,
      reason: 'ORDER_NOT_FOUND',
      domain: 'order.acme.dev',
    });
    expect(orders.rows.get(order.id)?.status).toBe('CONFIRMED');
  });

  it('refuses FAILED and PENDING orders with ORDER_NOT_CANCELLABLE', async () => {
    await createOrder.execute({ userId: USER, items: [{ productId: APPLE, quantity: 11 }] }).catch(() => undefined);
    const [failed] = [...orders.rows.values()];
    const pending = await orders.insertPending({ id: randomUUID(), userId: USER, items: [], idempotencyKey: null, requestHash: 'h' });

    for (const order of [failed!, pending.order]) {
      await expect(cancelOrder.execute({ id: order.id, userId: USER })).rejects.toMatchObject({
        status: GrpcStatus.FAILED_PRECONDITION,
        reason: 'ORDER_NOT_CANCELLABLE',
        metadata: { status: order.status },
      });
    }
  });

  it('stores CANCELLED before releasing; a failed release is finished by the next cancel', async () => {
    const order = await createOrder.execute({ userId: USER, items: [{ productId: APPLE, quantity: 4 }] });
    stock.failRelease = new RemoteError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'down');

    await expect(cancelOrder.execute({ id: order.id, userId: USER })).rejects.toMatchObject({ status: GrpcStatus.UNAVAILABLE });
    expect(orders.rows.get(order.id)).toMatchObject({ status: 'CANCELLED', releasePending: true });

    stock.failRelease = undefined;
    await expect(cancelOrder.execute({ id: order.id, userId: USER })).resolves.toMatchObject({ status: 'CANCELLED', releasePending: false });
    expect(stock.stock.get(APPLE)?.stock).toBe(10);
  });
});
