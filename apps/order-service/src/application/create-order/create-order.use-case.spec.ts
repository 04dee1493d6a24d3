import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { beforeEach, describe, expect, it } from 'vitest';
import { CallContext } from '@acme/context';
import { type DomainError, RemoteError } from '@acme/errors';
import { waitFor } from '@acme/testing';
import { type Order } from '../../domain/order';
import { InFlightOrders } from '../shared/in-flight-orders';
import { FakeStock, FakeUsers, InMemoryOrderRepository, RecordingFaults } from '../spec/fakes.spec-helper';
import { CreateOrderUseCase } from './create-order.use-case';

const USER = randomUUID();
const APPLE = randomUUID();
const PEAR = randomUUID();

describe('CreateOrderUseCase', () => {
  let orders: InMemoryOrderRepository;
  let stock: FakeStock;
  let users: FakeUsers;
  let inFlight: InFlightOrders;
  let useCase: CreateOrderUseCase;

  beforeEach(() => {
    orders = new InMemoryOrderRepository();
    stock = new FakeStock();
    stock.addProduct(APPLE, 10, 150, 'EUR');
    stock.addProduct(PEAR, 10, 99, 'EUR');
    users = new FakeUsers();
    users.known.add(USER);
    inFlight = new InFlightOrders();
    useCase = new CreateOrderUseCase(orders, users, stock, inFlight, new RecordingFaults());
  });

  const failureOf = (promise: Promise<unknown>): Promise<DomainError> =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error as DomainError,
    );

  it('confirms an order with the reserved prices, total and currency', async () => {
    const order = await useCase.execute({ userId: USER, items: [{ productId: APPLE, quantity: 2 }, { productId: PEAR, quantity: 1 }] });

    expect(order).toMatchObject({
      status: 'CONFIRMED',
      totalCents: 2 * 150 + 99,
      currency: 'EUR',
      items: [
        { productId: APPLE, quantity: 2, unitPriceCents: 150 },
        { productId: PEAR, quantity: 1, unitPriceCents: 99 },
      ],
      releasePending: false,
    });
    expect(stock.reservations.get(order.id)).toHaveLength(2);
    expect(stock.stock.get(APPLE)?.stock).toBe(8);
  });

  it('records the order PENDING before reserving', async () => {
    const release = stock.hold();
    const placing = useCase.execute({ userId: USER, items: [{ productId: APPLE, quantity: 1 }] });
    await waitFor(() => stock.calls.reserve === 1, { what: 'the reservation to start' });

    expect([...orders.rows.values()].map((o) => o.status)).toEqual(['PENDING']);
    release();
    await expect(placing).resolves.toMatchObject({ status: 'CONFIRMED' });
  });

  it('refuses a user the user service does not know, recording nothing', async () => {
    const error = await failureOf(useCase.execute({ userId: randomUUID(), items: [{ productId: APPLE, quantity: 1 }] }));

    expect(error).toMatchObject({ status: GrpcStatus.FAILED_PRECONDITION, reason: 'USER_NOT_FOUND', domain: 'order.acme.dev' });
    expect(orders.rows.size).toBe(0);
  });

  it('passes INSUFFICIENT_STOCK through unchanged and ends FAILED with nothing reserved', async () => {
    const error = await failureOf(useCase.execute({ userId: USER, items: [{ productId: APPLE, quantity: 11 }] }));

    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ status: GrpcStatus.FAILED_PRECONDITION, reason: 'INSUFFICIENT_STOCK', domain: 'product.acme.dev', metadata: { product_id: APPLE } });
    const [order] = [...orders.rows.values()];
    expect(order).toMatchObject({ status: 'FAILED', releasePending: false, failure: { reason: 'INSUFFICIENT_STOCK', domain: 'product.acme.dev' } });
    expect(stock.calls.release).toBe(1);
    expect(stock.stock.get(APPLE)?.stock).toBe(10);
  });

  it('releases and refuses items priced in several currencies', async () => {
    stock.addProduct(PEAR, 10, 99, 'USD');

    const error = await failureOf(useCase.execute({ userId: USER, items: [{ productId: APPLE, quantity: 1 }, { productId: PEAR, quantity: 1 }] }));

    expect(error).toMatchObject({ status: GrpcStatus.INVALID_ARGUMENT, reason: 'CURRENCY_MISMATCH', domain: 'order.acme.dev' });
    expect([...orders.rows.values()][0]).toMatchObject({ status: 'FAILED', releasePending: false });
    expect(stock.reservations.size).toBe(0);
    expect(stock.stock.get(APPLE)?.stock).toBe(10);
  });

  it('keeps a release pending when the reservation may still land (UNAVAILABLE), and rethrows it', async () => {
    stock.failReserve = new RemoteError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'connection refused');

    const error = await failureOf(useCase.execute({ userId: USER, items: [{ productId: APPLE, quantity: 1 }] }));

    expect(error).toMatchObject({ status: GrpcStatus.UNAVAILABLE, reason: 'UNAVAILABLE' });
    expect([...orders.rows.values()][0]).toMatchObject({ status: 'FAILED', releasePending: true });
    expect(stock.calls.release).toBe(1);
  });

  it('releases outside the caller\'s deadline, which may be what failed', async () => {
    const release = stock.hold();
    const deadline = new Date(Date.now() + 50);
    const placing = CallContext.run({ deadline }, () => useCase.execute({ userId: USER, items: [{ productId: APPLE, quantity: 1 }] }));
    await waitFor(() => stock.calls.reserve === 1);
    let releasedWithin: number | undefined;
    const realRelease = stock.release.bind(stock);
    stock.release = async (orderId) => {
      releasedWithin = CallContext.remainingMs();
      return realRelease(orderId);
    };
    stock.failReserve = new RemoteError(GrpcStatus.DEADLINE_EXCEEDED, 'DEADLINE_EXCEEDED', 'deadline exceeded');
    release();

    await expect(placing).rejects.toMatchObject({ status: GrpcStatus.DEADLINE_EXCEEDED });
    expect(stock.calls.release).toBe(1);
    // The compensation ran without the caller's expired deadline.
    expect(releasedWithin).toBeUndefined();
  });

  it('marks the order FAILED and releases when confirming loses to recovery', async () => {
    const release = stock.hold();
    const placing = useCase.execute({ userId: USER, items: [{ productId: APPLE, quantity: 1 }] });
    await waitFor(() => stock.calls.reserve === 1);
    const [pending] = [...orders.rows.values()] as [Order];
    await orders.fail(pending.id, { status: GrpcStatus.UNAVAILABLE, reason: 'UNAVAILABLE', domain: 'order.acme.dev', message: 'recovered', metadata: {} });
    release();

    await expect(placing).rejects.toMatchObject({ status: GrpcStatus.UNAVAILABLE, reason: 'UNAVAILABLE', domain: 'order.acme.dev' });
    expect(stock.reservations.size).toBe(0);
    expect(stock.stock.get(APPLE)?.stock).toBe(10);
  });

  it('returns the confirmed order when the confirm committed but its answer was lost', async () => {
    const realConfirm = orders.confirm.bind(orders);
    orders.confirm = async (id, pricing) => {
      await realConfirm(id, pricing);
      throw new Error('connection reset');
    };

    const order = await useCase.execute({ userId: USER, items: [{ productId: APPLE, quantity: 1 }] });

    expect(order.status).toBe('CONFIRMED');
    expect(stock.calls.release).toBe(0);
    expect(stock.stock.get(APPLE)?.stock).toBe(9);
  });

  it('calls the fault hook after reserving and before confirming', async () => {
    const faults = new RecordingFaults();
    let statusAtFault: string | undefined;
    faults.afterStockReserved = (orderId) => {
      statusAtFault = orders.rows.get(orderId)?.status;
      faults.reserved.push(orderId);
    };
    useCase = new CreateOrderUseCase(orders, users, stock, inFlight, faults);

    const order = await useCase.execute({ userId: USER, items: [{ productId: APPLE, quantity: 1 }] });

    expect(faults.reserved).toEqual([order.id]);
    expect(statusAtFault).toBe('PENDING');
  });

  describe('with an idempotency key', () => {
    const items = [{ productId: APPLE, quantity: 1 }, { productId: PEAR, quantity: 2 }];

    it('returns the same order for the same body, items in any order, without reserving again', async () => {
      const first = await useCase.execute({ userId: USER, items, idempotencyKey: 'k1' });
      const again = await useCase.execute({ userId: USER, items: [...items].reverse(), idempotencyKey: 'k1' });

      expect(again.id).toBe(first.id);
      expect(stock.calls.reserve).toBe(1);
      expect(orders.rows.size).toBe(1);
    });

    it('refuses another body with IDEMPOTENCY_KEY_REUSED', async () => {
      await useCase.execute({ userId: USER, items, idempotencyKey: 'k1' });

      const error = await failureOf(useCase.execute({ userId: USER, items: [{ productId: APPLE, quantity: 3 }], idempotencyKey: 'k1' }));

      expect(error).toMatchObject({ status: GrpcStatus.ALREADY_EXISTS, reason: 'IDEMPOTENCY_KEY_REUSED', domain: 'order.acme.dev' });
    });

    it('scopes keys per user', async () => {
      const other = randomUUID();
      users.known.add(other);

      const mine = await useCase.execute({ userId: USER, items, idempotencyKey: 'k1' });
      const theirs = await useCase.execute({ userId: other, items: [{ productId: APPLE, quantity: 3 }], idempotencyKey: 'k1' });

      expect(theirs.id).not.toBe(mine.id);
    });

    it('makes concurrent duplicates wait for the first attempt: one order, one reservation', async () => {
      const release = stock.hold();
      const first = useCase.execute({ userId: USER, items, idempotencyKey: 'k1' });
      await waitFor(() => stock.calls.reserve === 1);
      const duplicates = Array.from({ length: 5 }, () => useCase.execute({ userId: USER, items, idempotencyKey: 'k1' }));
      await waitFor(() => users.calls === 6, { what: 'the duplicates to arrive' });
      release();

      const results = await Promise.all([first, ...duplicates]);

      expect(new Set(results.map((o) => o.id)).size).toBe(1);
      expect(results.every((o) => o.status === 'CONFIRMED')).toBe(true);
      expect(stock.calls.reserve).toBe(1);
      expect(orders.rows.size).toBe(1);
    });

    it('gives requests that waited on a failing attempt its error', async () => {
      const release = stock.hold();
      const tooMany = [{ productId: APPLE, quantity: 11 }];
      const first = failureOf(useCase.execute({ userId: USER, items: tooMany, idempotencyKey: 'k1' }));
      await waitFor(() => stock.calls.reserve === 1);
      const duplicate = failureOf(useCase.execute({ userId: USER, items: tooMany, idempotencyKey: 'k1' }));
      await waitFor(() => users.calls === 2);
      release();

      expect(await first).toMatchObject({ reason: 'INSUFFICIENT_STOCK', domain: 'product.acme.dev' });
      expect(await duplicate).toMatchObject({ reason: 'INSUFFICIENT_STOCK', domain: 'product.acme.dev', metadata: { product_id: APPLE } });
      expect(stock.calls.reserve).toBe(1);
    });

    it('runs again after a FAILED attempt, which kept nothing', async () => {
      stock.failReserve = new RemoteError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'down');
      await failureOf(useCase.execute({ userId: USER, items, idempotencyKey: 'k1' }));
      stock.failReserve = undefined;

      const retried = await useCase.execute({ userId: USER, items, idempotencyKey: 'k1' });
      const again = await useCase.execute({ userId: USER, items, idempotencyKey: 'k1' });

      expect(retried.status).toBe('CONFIRMED');
      expect(again.id).toBe(retried.id);
      expect(orders.rows.size).toBe(2);
    });

    it('returns a still PENDING attempt when the caller\'s deadline comes first', async () => {
      const release = stock.hold();
      const first = useCase.execute({ userId: USER, items, idempotencyKey: 'k1' });
      await waitFor(() => stock.calls.reserve === 1);

      const duplicate = await CallContext.run({ deadline: new Date(Date.now() + 150) }, () => useCase.execute({ userId: USER, items, idempotencyKey: 'k1' }));

      expect(duplicate.status).toBe('PENDING');
      release();
      await expect(first).resolves.toMatchObject({ id: duplicate.id, status: 'CONFIRMED' });
    });
  });
});
