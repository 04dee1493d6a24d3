import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '@acme/database';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '@acme/testing';
import { type ProductDraft } from '../domain/product.entity';
import { DrizzleProductRepository } from './drizzle-product.repository';
import { MIGRATIONS_FOLDER } from './migrations-folder';

const draft = (sku: string, overrides: Partial<ProductDraft> = {}): ProductDraft => ({
  sku,
  name: `Product ${sku}`,
  description: '',
  priceCents: 1250,
  currency: 'EUR',
  stock: 5,
  ...overrides,
});

describe.each(testDatabaseKinds())('DrizzleProductRepository on %s', (kind) => {
  let target: TestDatabase;
  let handle: DatabaseHandle;
  let repository: DrizzleProductRepository;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    handle = await openDatabase({ url: target.url, dataDir: target.dataDir, migrationsFolder: MIGRATIONS_FOLDER });
    repository = new DrizzleProductRepository(handle);
  });
  afterAll(async () => {
    await handle?.close();
    await target?.drop();
  });

  it('creates a product and reads it back with every field', async () => {
    const created = await repository.create(draft('CREATE-1', { description: 'd', priceCents: 9_007_199_254_740_991, currency: 'USD', stock: 3 }));
    expect(created).toMatchObject({ sku: 'CREATE-1', description: 'd', priceCents: 9_007_199_254_740_991, currency: 'USD', stock: 3 });
    expect(created?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created?.createTime).toBeInstanceOf(Date);
    expect(await repository.findById(created?.id ?? '')).toEqual(created);
    expect(await repository.findById('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('refuses a second product with the same sku, also when both are created at once', async () => {
    expect(await repository.create(draft('DUP-1'))).toBeDefined();
    expect(await repository.create(draft('DUP-1', { name: 'other' }))).toBeUndefined();
    const racing = await Promise.all(Array.from({ length: 5 }, () => repository.create(draft('DUP-2'))));
    expect(racing.filter((product) => product !== undefined)).toHaveLength(1);
  });

  it('leaves stock >= 0 to the database as well', async () => {
    const product = await repository.create(draft('CHECK-1', { stock: 1 }));
    await expect(handle.db.execute(sql`update products set stock = -1 where id = ${product?.id}`)).rejects.toThrow();
    await expect(handle.db.execute(sql`insert into products (sku, name, price_cents, currency, stock) values ('CHECK-2', 'n', 1, 'EUR', -1)`)).rejects.toThrow();
  });

  it('inserts a batch, skipping taken skus, and pages through ties on create_time by id', async () => {
    const fresh = await createTestDatabase(kind);
    const own = await openDatabase({ url: fresh.url, dataDir: fresh.dataDir, migrationsFolder: MIGRATIONS_FOLDER });
    try {
      const products = new DrizzleProductRepository(own);
      await products.create(draft('B-03'));
      // One statement: every row gets the same create_time, so only the id orders them.
      const inserted = await products.insertMany(['B-01', 'B-02', 'B-03', 'B-04', 'B-05'].map((sku) => draft(sku)));
      expect([...inserted].sort()).toEqual(['B-01', 'B-02', 'B-04', 'B-05']);
      expect(await products.insertMany([])).toEqual(new Set());

      const all = await products.list(100);
      expect(all).toHaveLength(5);
      const seen: string[] = [];
      let page = await products.list(2);
      while (page.length > 0) {
        seen.push(...page.map((p) => p.id));
        const last = page[page.length - 1];
        if (last === undefined) break;
        page = await products.list(2, { createTime: last.createTime, id: last.id });
      }
      expect(seen).toEqual(all.map((p) => p.id));
      const ordered = [...all].sort((a, b) => a.createTime.getTime() - b.createTime.getTime() || (a.id < b.id ? -1 : 1));
      expect(all.map((p) => p.id)).toEqual(ordered.map((p) => p.id));
    } finally {
      await own.close();
      await fresh.drop();
    }
  });
});
