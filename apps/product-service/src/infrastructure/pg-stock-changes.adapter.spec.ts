import { randomUUID } from 'node:crypto';
import { firstValueFrom, type Observable, filter, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '@acme/database';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '@acme/testing';
import { type StockLevel } from '../domain/stock-level.entity';
import { DrizzleProductRepository } from './drizzle-product.repository';
import { DrizzleReservationRepository } from './drizzle-reservation.repository';
import { MIGRATIONS_FOLDER } from './migrations-folder';
import { PgStockChanges } from './pg-stock-changes.adapter';
import { encodeStockPayload, parseStockPayload } from './stock-notifications';

const levelsOf = (changes: Observable<StockLevel>, productId: string, count: number): Promise<number[]> =>
  firstValueFrom(
    changes.pipe(
      filter((level) => level.productId === productId),
      take(count),
      toArray(),
    ),
  ).then((levels) => levels.map((level) => level.stock));

describe('stock notification payloads', () => {
  it('round-trip "<product_id>:<stock>" and reject anything else', () => {
    const at = new Date(0);
    const productId = randomUUID();
    expect(encodeStockPayload({ productId, stock: 7 })).toBe(`${productId}:7`);
    expect(parseStockPayload(`${productId}:7`, at)).toEqual({ productId, stock: 7, updateTime: at });
    expect(parseStockPayload(`${productId}:-1`, at)).toBeUndefined();
    expect(parseStockPayload('garbage', at)).toBeUndefined();
  });
});

describe.each(testDatabaseKinds())('PgStockChanges on %s', (kind) => {
  let target: TestDatabase;
  let handle: DatabaseHandle;
  let feed: PgStockChanges;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    handle = await openDatabase({ url: target.url, dataDir: target.dataDir, migrationsFolder: MIGRATIONS_FOLDER });
    feed = new PgStockChanges(handle);
    await feed.onModuleInit();
  });
  afterAll(async () => {
    await feed?.onModuleDestroy();
    await handle?.close();
    await target?.drop();
  });

  it('fans committed reservations and releases out to every subscriber', async () => {
    const product = await new DrizzleProductRepository(handle).create({ sku: 'W-1', name: 'w', description: '', priceCents: 1, currency: 'EUR', stock: 5 });
    const id = product?.id ?? '';
    const first = levelsOf(feed.changes(), id, 2);
    const second = levelsOf(feed.changes(), id, 2);
    const reservations = new DrizzleReservationRepository(handle);
    const orderId = randomUUID();
    await reservations.reserve(orderId, [{ productId: id, quantity: 2 }]);
    await reservations.release(orderId);
    expect(await first).toEqual([3, 5]);
    expect(await second).toEqual([3, 5]);
  });

  it.runIf(kind === 'postgres')('delivers changes committed by another instance', async () => {
    const other = await openDatabase({ url: target.url, dataDir: target.dataDir, migrationsFolder: MIGRATIONS_FOLDER });
    try {
      const product = await new DrizzleProductRepository(other).create({ sku: 'W-2', name: 'w', description: '', priceCents: 1, currency: 'EUR', stock: 2 });
      const id = product?.id ?? '';
      const seen = levelsOf(feed.changes(), id, 1);
      await new DrizzleReservationRepository(other).reserve(randomUUID(), [{ productId: id, quantity: 2 }]);
      expect(await seen).toEqual([0]);
    } finally {
      await other.close();
    }
  });

  it('ends open streams with UNAVAILABLE when stopped', async () => {
    const ended = firstValueFrom(feed.changes()).catch((error: unknown) => error);
    feed.stop();
    expect(await ended).toMatchObject({ reason: 'UNAVAILABLE', status: 14 });
  });
});
