import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '@acme/database';
import { itemMigrations } from './item-migrations';
import { createTestDatabase, testDatabaseKinds } from './test-database';

describe.each(testDatabaseKinds())('openDatabase on %s', (kind) => {
  it('applies migrations once: reopening keeps the data; a closed handle refuses queries', async () => {
    const target = await createTestDatabase(kind);
    // PGlite creates a data directory that does not exist yet.
    const options = { url: target.url, dataDir: join(target.dataDir, 'data'), migrationsFolder: itemMigrations() };
    try {
      const first = await openDatabase(options);
      await first.db.execute(sql`insert into item (id, stock) values (1, 2)`);
      await expect(first.db.execute(sql`update item set stock = -1 where id = 1`)).rejects.toThrow();
      await first.close();

      const second = await openDatabase(options);
      const rows = await second.db.execute<{ stock: number }>(sql`select stock from item where id = 1`);
      expect(rows.rows).toEqual([{ stock: 2 }]);
      await second.close();
      await expect(second.ping()).rejects.toThrow();
    } finally {
      await target.drop();
    }
  });

  it('migrates, enforces constraints, notifies on commit and closes', async () => {
    const target = await createTestDatabase(kind);
    const handle = await openDatabase({ url: target.url, dataDir: target.dataDir, migrationsFolder: itemMigrations() });
    try {
      expect(handle.driver).toBe(kind);
      await handle.ping();
      await handle.db.execute(sql`insert into item (id, stock) values (1, 1)`);
      await expect(handle.db.execute(sql`update item set stock = stock - 2 where id = 1`)).rejects.toThrow();

      const received: string[] = [];
      let onNotified: () => void = () => undefined;
      const notified = new Promise<void>((resolve) => (onNotified = resolve));
      // listen() resolves once LISTEN is in place; a NOTIFY committed after it must arrive.
      const unlisten = await handle.listen('item_changed', (payload) => {
        received.push(payload);
        onNotified();
      });
      await handle.db.transaction(async (tx) => {
        await tx.execute(sql`update item set stock = 0 where id = 1`);
        await tx.execute(sql`select pg_notify('item_changed', '1')`);
      });
      await notified;
      expect(received).toEqual(['1']);
      await unlisten();
    } finally {
      await handle.close();
      await target.drop();
    }
  });
});
