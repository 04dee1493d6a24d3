import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderV1 } from '@acme/contracts';
import { openDatabase } from '@acme/database';
import { RemoteError } from '@acme/errors';
import { createTestDatabase, freePort, type TestDatabase, type TestDatabaseKind, testDatabaseKinds, waitFor } from '@acme/testing';
import { DrizzleOrderRepository } from '../infrastructure/drizzle-order.repository';
import { orders as ordersTable } from '../infrastructure/schema';
import { type RunningOrderService, startOrderService } from './spec/order-app.spec-helper';
import { StubProductService, StubUserService } from './spec/stub-backends.spec-helper';

const { ORDER_STATUS_CONFIRMED, ORDER_STATUS_CANCELLED, ORDER_STATUS_FAILED, ORDER_STATUS_PENDING } = orderV1.OrderStatus;

function databaseEnv(database: TestDatabase): Record<string, string> {
  return database.url === undefined ? { DATA_DIR: database.dataDir } : { DATABASE_URL: database.url };
}

async function failureOf(promise: Promise<unknown>): Promise<RemoteError> {
  const error = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteError);
  return error as RemoteError;
}

describe.each(testDatabaseKinds())('OrderService over gRPC with real user and product backends, on %s', (kind: TestDatabaseKind) => {
  const users = new StubUserService();
  const products = new StubProductService();
  let database: TestDatabase;
  let service: RunningOrderService;

  beforeAll(async () => {
    const [userTarget, productTarget] = await Promise.all([users.start(), products.start()]);
    database = await createTestDatabase(kind);
    service = await startOrderService(await freePort(), {
      ...databaseEnv(database),
      USER_SERVICE_TARGET: userTarget,
      PRODUCT_SERVICE_TARGET: productTarget,
      // Longer than any call below, so a propagated deadline is told apart from a fresh one.
      CLIENT_TIMEOUT_MS: '8000',
    });
  });
  afterAll(async () => {
    await service?.close();
    await Promise.all([users.stop(), products.stop()]);
    await database?.drop();
  });

  /** A user the user service knows and a product with `stock` units. */
  const fixture = (stock = 10, priceCents = 1_250): { userId: string; productId: string } => {
    const userId = randomUUID();
    const productId = randomUUID();
    users.users.add(userId);
    products.addProduct(productId, stock, priceCents);
    return { userId, productId };
  };

  const ordersOf = async (userId: string): Promise<orderV1.Order[]> => (await service.client.listOrders({ userId, pageSize: 100, pageToken: '' })).orders;

  it('confirms an order with the reserved prices; only its owner can read it', async () => {
    const { userId, productId } = fixture(10, 1_250);

    const { order } = await service.client.createOrder({ userId, items: [{ productId, quantity: 3 }], idempotencyKey: '' });

    expect(order).toMatchObject({
      userId,
      status: ORDER_STATUS_CONFIRMED,
      items: [{ productId, quantity: 3, unitPriceCents: 1_250 }],
      totalCents: 3_750,
      currency: 'EUR',
    });
    expect(order?.createTime?.seconds).toBeGreaterThan(0);
    expect(products.stockOf(productId)).toBe(7);
    expect(products.reservations.has(order!.id)).toBe(true);
    await expect(service.client.getOrder({ id: order!.id, userId })).resolves.toEqual({ order });
    const hidden = await failureOf(service.client.getOrder({ id: order!.id, userId: randomUUID() }));
    expect(hidden).toMatchObject({ status: GrpcStatus.NOT_FOUND, reason: 'ORDER_NOT_FOUND', domain: 'order.acme.dev' });
    expect(await failureOf(service.client.getOrder({ id: 'nope', userId }))).toMatchObject({ status: GrpcStatus.NOT_FOUND, reason: 'ORDER_NOT_FOUND' });
  });

  it('passes INSUFFICIENT_STOCK through with the product service\'s domain; the order ends FAILED with nothing reserved', async () => {
    const { userId, productId } = fixture(2);

    const error = await failureOf(service.client.createOrder({ userId, items: [{ productId, quantity: 3 }], idempotencyKey: '' }));

    expect(error).toMatchObject({
      status: GrpcStatus.FAILED_PRECONDITION,
      reason: 'INSUFFICIENT_STOCK',
      domain: 'product.acme.dev',
      metadata: { product_id: productId, requested: '3', available: '2' },
    });
    const [order] = await ordersOf(userId);
    expect(order?.status).toBe(ORDER_STATUS_FAILED);
    expect(products.reservations.has(order!.id)).toBe(false);
    expect(products.releaseCalls).toContain(order!.id);
    expect(products.stockOf(productId)).toBe(2);
  });

  it('passes PRODUCT_NOT_FOUND through, releasing the other items', async () => {
    const { userId, productId } = fixture(5);
    const missing = randomUUID();

    const error = await failureOf(service.client.createOrder({ userId, items: [{ productId, quantity: 1 }, { productId: missing, quantity: 1 }], idempotencyKey: '' }));

    expect(error).toMatchObject({ status: GrpcStatus.NOT_FOUND, reason: 'PRODUCT_NOT_FOUND', domain: 'product.acme.dev', metadata: { product_id: missing } });
    expect((await ordersOf(userId)).map((o) => o.status)).toEqual([ORDER_STATUS_FAILED]);
    expect(products.stockOf(productId)).toBe(5);
  });

  it('refuses an unknown user with FAILED_PRECONDITION USER_NOT_FOUND, recording nothing', async () => {
    const { productId } = fixture();
    const stranger = randomUUID();

    const error = await failureOf(service.client.createOrder({ userId: stranger, items: [{ productId, quantity: 1 }], idempotencyKey: '' }));

    expect(error).toMatchObject({ status: GrpcStatus.FAILED_PRECONDITION, reason: 'USER_NOT_FOUND', domain: 'order.acme.dev' });
    expect(await ordersOf(stranger)).toEqual([]);
  });

  it('answers invalid requests with VALIDATION_FAILED and field violations', async () => {
    const { userId, productId } = fixture();

    const error = await failureOf(service.client.createOrder({ userId, items: [{ productId, quantity: 0 }, { productId, quantity: 1 }], idempotencyKey: '' }));

    expect(error).toMatchObject({ status: GrpcStatus.INVALID_ARGUMENT, reason: 'VALIDATION_FAILED', domain: 'order.acme.dev' });
    expect(error.fieldViolations.map((v) => v.field)).toEqual(['items.0.quantity', 'items.1.productId']);
    expect(await failureOf(service.client.listOrders({ userId, pageSize: 1, pageToken: 'garbage' }))).toMatchObject({
      status: GrpcStatus.INVALID_ARGUMENT,
      reason: 'INVALID_PAGE_TOKEN',
    });
  });

  it('passes the caller\'s remaining deadline to the product service', async () => {
    const { userId, productId } = fixture();
    const deadline = Date.now() + 3_000;

    await service.client.createOrder({ userId, items: [{ productId, quantity: 1 }], idempotencyKey: '' }, { timeoutMs: 3_000 });

    // CLIENT_TIMEOUT_MS is 8 s: a fresh budget would end ~5 s later than the caller's.
    expect(Math.abs(products.lastReserveDeadline - deadline)).toBeLessThan(500);
  });

  describe('with an Idempotency-Key', () => {
    it('returns the same order for the same body without reserving again', async () => {
      const { userId, productId } = fixture(10);
      const request = { userId, items: [{ productId, quantity: 2 }], idempotencyKey: 'same' };

      const first = await service.client.createOrder(request);
      const again = await service.client.createOrder(request);

      expect(again).toEqual(first);
      expect(products.reserveCalls.filter((id) => id === first.order!.id)).toHaveLength(1);
      expect(products.stockOf(productId)).toBe(8);
    });

    it('refuses the same key with another body: ALREADY_EXISTS IDEMPOTENCY_KEY_REUSED', async () => {
      const { userId, productId } = fixture(10);
      await service.client.createOrder({ userId, items: [{ productId, quantity: 2 }], idempotencyKey: 'reused' });

      const error = await failureOf(service.client.createOrder({ userId, items: [{ productId, quantity: 5 }], idempotencyKey: 'reused' }));

      expect(error).toMatchObject({ status: GrpcStatus.ALREADY_EXISTS, reason: 'IDEMPOTENCY_KEY_REUSED', domain: 'order.acme.dev' });
      expect(products.stockOf(productId)).toBe(8);
    });

    it('gives concurrent duplicates, sent while the first is in flight, one order and one reservation', async () => {
      const { userId, productId } = fixture(10);
      const request = { userId, items: [{ productId, quantity: 1 }], idempotencyKey: 'concurrent' };
      const reservesBefore = products.reserveCalls.length;
      const userCallsBefore = users.getUserCalls;
      const release = products.hold();

      const first = service.client.createOrder(request);
      await waitFor(() => products.reserveCalls.length > reservesBefore, { what: 'the first reservation to be in flight' });
      const duplicates = Array.from({ length: 8 }, () => service.client.createOrder(request));
      await waitFor(() => users.getUserCalls >= userCallsBefore + 9, { what: 'the duplicates to reach the service' });
      release();
      const responses = await Promise.all([first, ...duplicates]);

      expect(new Set(responses.map((r) => r.order!.id)).size).toBe(1);
      expect(responses.every((r) => r.order!.status === ORDER_STATUS_CONFIRMED)).toBe(true);
      expect(products.reserveCalls.length - reservesBefore).toBe(1);
      expect(products.stockOf(productId)).toBe(9);
      expect(await ordersOf(userId)).toHaveLength(1);
    });
  });

  it('cancels a confirmed order, returning its stock; cancelling twice returns the cancelled order', async () => {
    const { userId, productId } = fixture(10);
    const { order } = await service.client.createOrder({ userId, items: [{ productId, quantity: 4 }], idempotencyKey: '' });

    const first = await service.client.cancelOrder({ id: order!.id, userId });
    const second = await service.client.cancelOrder({ id: order!.id, userId });

    expect(first.order).toMatchObject({ id: order!.id, status: ORDER_STATUS_CANCELLED, totalCents: order!.totalCents });
    expect(second.order).toMatchObject({ id: order!.id, status: ORDER_STATUS_CANCELLED });
    expect(products.stockOf(productId)).toBe(10);
    expect(products.releaseCalls.filter((id) => id === order!.id)).toHaveLength(1);
    expect(await failureOf(service.client.cancelOrder({ id: order!.id, userId: randomUUID() }))).toMatchObject({ reason: 'ORDER_NOT_FOUND' });
  });

  it('refuses to cancel a FAILED order: ORDER_NOT_CANCELLABLE', async () => {
    const { userId, productId } = fixture(1);
    await failureOf(service.client.createOrder({ userId, items: [{ productId, quantity: 2 }], idempotencyKey: '' }));
    const [failed] = await ordersOf(userId);

    const error = await failureOf(service.client.cancelOrder({ id: failed!.id, userId }));

    expect(error).toMatchObject({ status: GrpcStatus.FAILED_PRECONDITION, reason: 'ORDER_NOT_CANCELLABLE', domain: 'order.acme.dev' });
  });

  it('lists the user\'s orders newest first in pages', async () => {
    const { userId, productId } = fixture(10);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await service.client.createOrder({ userId, items: [{ productId, quantity: 1 }], idempotencyKey: '' })).order!.id);

    const page1 = await service.client.listOrders({ userId, pageSize: 2, pageToken: '' });
    const page2 = await service.client.listOrders({ userId, pageSize: 2, pageToken: page1.nextPageToken });

    expect([...page1.orders, ...page2.orders].map((o) => o.id)).toEqual([...ids].reverse());
    expect(page1.nextPageToken).not.toBe('');
    expect(page2.nextPageToken).toBe('');
  });
});

describe('OrderService when the product service is down', () => {
  const users = new StubUserService();
  let database: TestDatabase;
  let service: RunningOrderService;

  beforeAll(async () => {
    const userTarget = await users.start();
    database = await createTestDatabase('pglite');
    // A port nothing listens on: every call to the product service fails to connect.
    service = await startOrderService(await freePort(), {
      ...databaseEnv(database),
      USER_SERVICE_TARGET: userTarget,
      PRODUCT_SERVICE_TARGET: `127.0.0.1:${await freePort()}`,
      CLIENT_TIMEOUT_MS: '1000',
    });
  });
  afterAll(async () => {
    await service?.close();
    await users.stop();
    await database?.drop();
  });

  it('answers UNAVAILABLE and marks the order FAILED', async () => {
    const userId = randomUUID();
    users.users.add(userId);

    const error = await failureOf(service.client.createOrder({ userId, items: [{ productId: randomUUID(), quantity: 1 }], idempotencyKey: '' }));

    expect(error.status).toBe(GrpcStatus.UNAVAILABLE);
    const { orders } = await service.client.listOrders({ userId, pageSize: 10, pageToken: '' });
    expect(orders.map((o) => o.status)).toEqual([ORDER_STATUS_FAILED]);
  });
});

describe('OrderService recovery at start', () => {
  const users = new StubUserService();
  const products = new StubProductService();
  let database: TestDatabase;
  let service: RunningOrderService | undefined;

  beforeAll(async () => {
    await Promise.all([users.start(), products.start()]);
    database = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await service?.close();
    await Promise.all([users.stop(), products.stop()]);
    await database?.drop();
  });

  it('releases and fails PENDING orders older than the lease, and leaves younger ones to their instance', async () => {
    // What a crashed instance left behind: two PENDING orders with stock reserved for them.
    const userId = randomUUID();
    const productId = randomUUID();
    products.addProduct(productId, 10);
    const handle = await openDatabase({ url: database.url, dataDir: database.dataDir, migrationsFolder: join(__dirname, '../../migrations') });
    const repository = new DrizzleOrderRepository(handle);
    const pending = async (): Promise<string> => {
      const { order } = await repository.insertPending({ id: randomUUID(), userId, items: [{ productId, quantity: 3, unitPriceCents: null }], idempotencyKey: null, requestHash: 'h' });
      products.reserveStockFor(order.id, productId, 3);
      return order.id;
    };
    const abandoned = await pending();
    const inFlight = await pending();
    await handle.db.execute(sql`update ${ordersTable} set update_time = now() - interval '1 hour' where id = ${abandoned}`);
    await handle.close();
    expect(products.stockOf(productId)).toBe(4);

    service = await startOrderService(await freePort(), {
      ...databaseEnv(database),
      USER_SERVICE_TARGET: `127.0.0.1:${await freePort()}`,
      PRODUCT_SERVICE_TARGET: products.target,
    });

    const failed = await waitFor(
      async () => {
        const { order } = await service!.client.getOrder({ id: abandoned, userId });
        return order?.status === ORDER_STATUS_FAILED && products.releaseCalls.includes(abandoned) && order;
      },
      { what: 'the abandoned order to be released and FAILED' },
    );
    expect(failed.status).toBe(ORDER_STATUS_FAILED);
    expect(products.stockOf(productId)).toBe(7);
    expect((await service.client.getOrder({ id: inFlight, userId })).order?.status).toBe(ORDER_STATUS_PENDING);
    expect(products.releaseCalls).not.toContain(inFlight);
  });
});
