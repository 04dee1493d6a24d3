import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './open-database';

// A drizzle-kit-layout migrations folder with one migration, owned by the test.
function migrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'acme-migrations-'));
  mkdirSync(join(dir, 'meta'));
  writeFileSync(join(dir, '0000_init.sql'), 'CREATE TABLE "item" ("id" integer PRIMARY KEY, "stock" integer NOT NULL CHECK ("stock" >= 0));');
  writeFileSync(
    join(dir, 'meta/_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: 1, tag: '0000_init', breakpoints: true }] }),
  );
  return dir;
}

// The embedded default (PGlite). PostgreSQL and files on disk: libs/shared/testing's spec,
// which runs the same checks on every kind of database.
describe('openDatabase without DATABASE_URL', () => {
  it('runs PGlite in-process, applies migrations once, and closes', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'acme-pglite-')), 'data');
    const folder = migrations();
    const first = await openDatabase({ dataDir, migrationsFolder: folder });
    expect(first.driver).toBe('pglite');
    await first.ping();
    await first.db.execute(sql`insert into item (id, stock) values (1, 2)`);
    await expect(first.db.execute(sql`update item set stock = -1 where id = 1`)).rejects.toThrow();
    await first.close();

    // Reopening the same files applies nothing twice and keeps the data.
    const second = await openDatabase({ dataDir, migrationsFolder: folder });
    const rows = await second.db.execute<{ stock: number }>(sql`select stock from item where id = 1`);
    expect(rows.rows).toEqual([{ stock: 2 }]);
    await second.close();
    await expect(second.ping()).rejects.toThrow();
  });
});
