import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '@acme/database';
import { DomainError } from '@acme/errors';
import { createTestDatabase, type TestDatabase, testDatabaseKinds, waitFor } from '@acme/testing';
import { DrizzleProductRepository } from './drizzle-product.repository';
import { DrizzleReservationRepository, TOMBSTONE_RETENTION_HOURS } from './drizzle-reservation.repository';
import { MIGRATIONS_FOLDER } from './migrations-folder';
import { releasedOrders } from './schema';
import { STOCK_CHANNEL } from './stock-notifications';

describe.each(testDatabaseKinds())('DrizzleReservationRepository on %s', (kind) => {
  let target: TestDatabase;
  let handle: DatabaseHandle;
  let products: DrizzleProductRepository;
  let reservations: DrizzleReservationRepository;
  const notifications: string[] = [];

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    handle = await openDatabase({ url: target.url, dataDir: target.dataDir, migrationsFolder: MIGRATIONS_FOLDER, poolSize: 10 });
    products = new DrizzleProductRepository(handle);
    reservations = new DrizzleReservationRepository(handle);
    await handle.listen(STOCK_CHANNEL, (payload) => notifications.push(payload));
  });
  afterAll(async () => {
    await handle?.close();
    await target?.drop();
  });

  const product = async (stock: number, priceCents = 1000): Promise<string> => {
    const created = await products.create({ sku: `SKU-${randomUUID()}`, name: 'p', description: '', priceCents, currency: 'EUR', stock });
    if (created === undefined) throw new Error('not created');
    return created.id;
  };
  const stockOf = async (id: string): Promise<number | undefined> => (await products.findById(id))?.stock;
  const failure = (promise: Promise<unknown>): Promise<DomainError> => promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as DomainError,
  );

  it('reserves several items at their current prices and publishes the new stock on commit', async () => {
    const [a, b] = [await product(5, 250), await product(3, 1999)];
    const orderId = randomUUID();
    const outcome = await reservations.reserve(orderId, [
      { productId: b, quantity: 3 },
      { productId: a, quantity: 2 },
    ]);
    expect(outcome.kind).toBe('reserved');
    expect(outcome.reservation.status).toBe('RESERVED');
    expect(outcome.reservation.items).toEqual(
      expect.arrayContaining([
        { productId: a, quantity: 2, unitPriceCents: 250, currency: 'EUR' },
        { productId: b, quantity: 3, unitPriceCents: 1999, currency: 'EUR' },
      ]),
    );
    expect([await stockOf(a), await stockOf(b)]).toEqual([3, 0]);
    await waitFor(() => notifications.includes(`${a}:3`) && notifications.includes(`${b}:0`), { what: 'stock notifications' });
  });

  it('takes nothing when any item misses, naming the product and the quantities', async () => {
    const [plenty, scarce] = [await product(10), await product(1)];
    const error = await failure(
      reservations.reserve(randomUUID(), [
        { productId: plenty, quantity: 4 },
        { productId: scarce, quantity: 2 },
      ]),
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ reason: 'INSUFFICIENT_STOCK', metadata: { product_id: scarce, requested: '2', available: '1' } });
    const missing = randomUUID();
    expect(await failure(reservations.reserve(randomUUID(), [{ productId: plenty, quantity: 1 }, { productId: missing, quantity: 1 }]))).toMatchObject({
      reason: 'PRODUCT_NOT_FOUND',
      metadata: { product_id: missing },
    });
    expect([await stockOf(plenty), await stockOf(scarce)]).toEqual([10, 1]);
    // A rolled-back reservation publishes nothing.
    const marker = await product(1);
    await reservations.reserve(randomUUID(), [{ productId: marker, quantity: 1 }]);
    await waitFor(() => notifications.includes(`${marker}:0`), { what: 'the marker notification' });
    expect(notifications.filter((payload) => payload.startsWith(plenty))).toEqual([]);
  });

  it('lets exactly 10 of 50 concurrent one-unit reservations through for a stock of 10', async () => {
    const id = await product(10);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => reservations.reserve(randomUUID(), [{ productId: id, quantity: 1 }])));
    const reserved = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(reserved).toHaveLength(10);
    expect(refused).toHaveLength(40);
    expect(refused.every((result) => (result.reason as DomainError).reason === 'INSUFFICIENT_STOCK')).toBe(true);
    expect(await stockOf(id)).toBe(0);
  });

  it('returns the stored reservation for a repeated order id without taking stock again, also when the calls race', async () => {
    const id = await product(10, 500);
    const orderId = randomUUID();
    const first = await reservations.reserve(orderId, [{ productId: id, quantity: 2 }]);
    await handle.db.execute(sql`update products set price_cents = 700 where id = ${id}`);
    const again = await reservations.reserve(orderId, [{ productId: id, quantity: 2 }]);
    expect(again).toEqual({ kind: 'existing', reservation: first.reservation });
    expect(await stockOf(id)).toBe(8);

    const racingOrder = randomUUID();
    const racing = await Promise.all(Array.from({ length: 10 }, () => reservations.reserve(racingOrder, [{ productId: id, quantity: 3 }])));
    expect(racing.filter((outcome) => outcome.kind === 'reserved')).toHaveLength(1);
    expect(await stockOf(id)).toBe(5);
  });

  it('releases once: stock comes back, a second release and an unknown order release nothing', async () => {
    const [a, b] = [await product(4), await product(4)];
    const orderId = randomUUID();
    await reservations.reserve(orderId, [
      { productId: a, quantity: 1 },
      { productId: b, quantity: 4 },
    ]);
    const released = await reservations.release(orderId);
    expect(released).toEqual(expect.arrayContaining([{ productId: a, quantity: 1 }, { productId: b, quantity: 4 }]));
    expect(released).toHaveLength(2);
    expect([await stockOf(a), await stockOf(b)]).toEqual([4, 4]);
    await waitFor(() => notifications.includes(`${b}:4`), { what: 'the release notification' });

    expect(await reservations.release(orderId)).toEqual([]);
    expect(await reservations.release(randomUUID())).toEqual([]);
    expect([await stockOf(a), await stockOf(b)]).toEqual([4, 4]);

    // The released reservation stays on record, so a late ReserveStock cannot take stock again.
    const late = await reservations.reserve(orderId, [{ productId: a, quantity: 1 }]);
    expect(late).toMatchObject({ kind: 'existing', reservation: { status: 'RELEASED' } });
    expect(await stockOf(a)).toBe(4);
  });

  it('remembers an order released before it was reserved: its late reservation takes nothing', async () => {
    const id = await product(3);
    const orderId = randomUUID();
    expect(await reservations.release(orderId)).toEqual([]);
    const late = await reservations.reserve(orderId, [{ productId: id, quantity: 2 }]);
    expect(late).toEqual({ kind: 'existing', reservation: { orderId, status: 'RELEASED', items: [] } });
    expect(await stockOf(id)).toBe(3);
    // Releasing it again is harmless, and other orders still reserve.
    expect(await reservations.release(orderId)).toEqual([]);
    expect((await reservations.reserve(randomUUID(), [{ productId: id, quantity: 2 }])).kind).toBe('reserved');
    expect(await stockOf(id)).toBe(1);
  });

  it('prunes tombstones older than the retention when it leaves a new one', async () => {
    const [old, recent, fresh] = [randomUUID(), randomUUID(), randomUUID()];
    await handle.db.execute(
      sql`insert into released_orders (order_id, release_time) values
        (${old}, now() - make_interval(hours => ${TOMBSTONE_RETENTION_HOURS + 1})),
        (${recent}, now() - make_interval(hours => ${TOMBSTONE_RETENTION_HOURS - 1}))`,
    );
    expect(await reservations.release(fresh)).toEqual([]);
    const left = await handle.db.select({ orderId: releasedOrders.orderId }).from(releasedOrders).where(inArray(releasedOrders.orderId, [old, recent, fresh]));
    expect(left.map((row) => row.orderId).sort()).toEqual([recent, fresh].sort());
    // The recent tombstone still guards its order.
    const id = await product(2);
    expect(await reservations.reserve(recent, [{ productId: id, quantity: 1 }])).toMatchObject({ kind: 'existing' });
    expect(await stockOf(id)).toBe(2);
  });

  it('lets a release and a reservation of the same order race without leaking stock, whichever wins', async () => {
    const id = await product(20);
    const orders = Array.from({ length: 10 }, () => randomUUID());
    await Promise.all(orders.flatMap((orderId) => [reservations.reserve(orderId, [{ productId: id, quantity: 2 }]), reservations.release(orderId)]));
    // Each order either reserved then got released (stock back) or was released first (nothing taken).
    expect(await stockOf(id)).toBe(20);
  });

  it('releases exactly once when two releases race', async () => {
    const id = await product(6);
    const orderId = randomUUID();
    await reservations.reserve(orderId, [{ productId: id, quantity: 6 }]);
    const results = await Promise.all([reservations.release(orderId), reservations.release(orderId), reservations.release(orderId)]);
    expect(results.map((items) => items.length).sort()).toEqual([0, 0, 1]);
    expect(await stockOf(id)).toBe(6);
  });
});
