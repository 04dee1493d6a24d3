import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '@acme/database';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '@acme/testing';
import { type NewOrder, type OrderFailure } from '../domain/order';
import { DrizzleOrderRepository } from './drizzle-order.repository';
import { orders as ordersTable } from './schema';

const MIGRATIONS = join(__dirname, '../../migrations');
const FAILURE: OrderFailure = { status: 9, reason: 'INSUFFICIENT_STOCK', domain: 'product.acme.dev', message: 'not enough', metadata: { product_id: 'p' } };

describe.each(testDatabaseKinds())('DrizzleOrderRepository on %s', (kind) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let repository: DrizzleOrderRepository;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    handle = await openDatabase({ url: database.url, dataDir: database.dataDir, migrationsFolder: MIGRATIONS });
    repository = new DrizzleOrderRepository(handle);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  const newOrder = (overrides: Partial<NewOrder> = {}): NewOrder => ({
    id: randomUUID(),
    userId: randomUUID(),
    items: [{ productId: randomUUID(), quantity: 2, unitPriceCents: null }],
    idempotencyKey: null,
    requestHash: 'hash-a',
    ...overrides,
  });

  /** Moves an order's last change into the past, as time passing would. */
  const age = async (id: string, ms: number): Promise<void> => {
    await handle.db.execute(sql`update ${ordersTable} set update_time = now() - make_interval(secs => ${ms / 1000}) where id = ${id}`);
  };

  it('records a PENDING order and reads it back', async () => {
    const input = newOrder();
    const { created, order } = await repository.insertPending(input);

    expect(created).toBe(true);
    expect(order).toMatchObject({ ...input, status: 'PENDING', totalCents: 0, currency: '', releasePending: false, failure: null });
    expect(await repository.findById(input.id)).toEqual(order);
    expect(await repository.findOwned(input.id, input.userId)).toEqual(order);
    expect(await repository.findOwned(input.id, randomUUID())).toBeUndefined();
    expect(await repository.findById('not-a-uuid')).toBeUndefined();
  });

  it('lets one live attempt hold an idempotency key, per user', async () => {
    const userId = randomUUID();
    const first = await repository.insertPending(newOrder({ userId, idempotencyKey: 'key-1' }));
    const second = await repository.insertPending(newOrder({ userId, idempotencyKey: 'key-1', requestHash: 'hash-b' }));
    const otherUser = await repository.insertPending(newOrder({ idempotencyKey: 'key-1' }));

    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, order: first.order });
    expect(otherUser.created).toBe(true);
    expect(await repository.findById(second.order.id)).toBeDefined();
  });

  it('lets exactly one of many concurrent inserts with the same key win', async () => {
    const userId = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => repository.insertPending(newOrder({ userId, idempotencyKey: 'race' }))));

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.order.id)).size).toBe(1);
  });

  it('frees the key of a FAILED attempt and finds the newest attempt', async () => {
    const userId = randomUUID();
    const first = await repository.insertPending(newOrder({ userId, idempotencyKey: 'retry' }));
    await repository.fail(first.order.id, FAILURE);

    const retry = await repository.insertPending(newOrder({ userId, idempotencyKey: 'retry' }));

    expect(retry.created).toBe(true);
    expect((await repository.findLatestByIdempotencyKey(userId, 'retry'))?.id).toBe(retry.order.id);
    expect(await repository.findLatestByIdempotencyKey(userId, 'other')).toBeUndefined();
  });

  it('confirms only a PENDING order, storing its prices', async () => {
    const { order } = await repository.insertPending(newOrder());
    const pricing = { items: [{ ...order.items[0]!, unitPriceCents: 1_250 }], totalCents: 2_500, currency: 'EUR' };

    const confirmed = await repository.confirm(order.id, pricing);

    expect(confirmed).toMatchObject({ status: 'CONFIRMED', ...pricing });
    expect(await repository.confirm(order.id, pricing)).toBeUndefined();
    expect(await repository.fail(order.id, FAILURE)).toBeUndefined();
    expect((await repository.findById(order.id))?.status).toBe('CONFIRMED');
  });

  it('fails only a PENDING order, keeping the failure and a pending release', async () => {
    const { order } = await repository.insertPending(newOrder());

    expect(await repository.fail(order.id, FAILURE)).toMatchObject({ status: 'FAILED', failure: FAILURE, releasePending: true });
    expect(await repository.confirm(order.id, { items: [], totalCents: 0, currency: 'EUR' })).toBeUndefined();

    await repository.markReleased(order.id);
    expect(await repository.findById(order.id)).toMatchObject({ status: 'FAILED', releasePending: false });
  });

  it('cancels only a CONFIRMED order', async () => {
    const { order } = await repository.insertPending(newOrder());
    expect(await repository.cancel(order.id)).toBeUndefined();
    await repository.confirm(order.id, { items: order.items, totalCents: 0, currency: 'EUR' });

    expect(await repository.cancel(order.id)).toMatchObject({ status: 'CANCELLED', releasePending: true });
    expect(await repository.cancel(order.id)).toBeUndefined();
  });

  it('never clears the pending release of a PENDING order', async () => {
    const { order } = await repository.insertPending(newOrder());
    await repository.markReleased(order.id);
    expect((await repository.findById(order.id))?.status).toBe('PENDING');
  });

  it('lists a user\'s orders newest first, by keyset, with orders created in the same millisecond', async () => {
    const userId = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await repository.insertPending(newOrder({ userId }))).order.id);
    // Two orders sharing a create time: the id breaks the tie and no page skips or repeats one.
    await handle.db.execute(sql`update ${ordersTable} set create_time = (select create_time from ${ordersTable} where id = ${ids[1]}) where id = ${ids[2]}`);
    await repository.insertPending(newOrder());

    const all = await repository.listByUser(userId, 10);
    const paged = [];
    let cursor: { createTime: Date; id: string } | undefined;
    for (;;) {
      const page = await repository.listByUser(userId, 2, cursor);
      paged.push(...page);
      if (page.length < 2) break;
      cursor = { createTime: page[1]!.createTime, id: page[1]!.id };
    }

    expect(all).toHaveLength(5);
    expect(all.map((o) => o.createTime.getTime())).toEqual([...all.map((o) => o.createTime.getTime())].sort((a, b) => b - a));
    expect(paged.map((o) => o.id)).toEqual(all.map((o) => o.id));
    expect(await repository.listByUser('nobody', 10)).toEqual([]);
  });

  it('finds PENDING orders and pending releases older than the lease only', async () => {
    const old = (await repository.insertPending(newOrder())).order;
    const young = (await repository.insertPending(newOrder())).order;
    const releasing = (await repository.insertPending(newOrder())).order;
    await repository.fail(releasing.id, FAILURE);
    const done = (await repository.insertPending(newOrder())).order;
    await repository.fail(done.id, FAILURE);
    await repository.markReleased(done.id);
    for (const id of [old.id, releasing.id, done.id]) await age(id, 60_000);

    const unresolved = (await repository.findUnresolved(30_000, 1_000)).map((o) => o.id);

    expect(unresolved).toEqual(expect.arrayContaining([old.id, releasing.id]));
    expect(unresolved).not.toContain(young.id);
    expect(unresolved).not.toContain(done.id);
    expect((await repository.findUnresolved(1, 1_000)).map((o) => o.id)).toEqual(expect.arrayContaining([old.id, releasing.id]));
  });
});
