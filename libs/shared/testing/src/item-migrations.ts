import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A new migrations folder in drizzle-kit's layout with one migration, creating
 * `item (id integer primary key, stock integer not null check (stock >= 0))`: for specs of the
 * database plumbing that need a schema of their own rather than a service's.
 */
export function itemMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'acme-migrations-'));
  mkdirSync(join(dir, 'meta'));
  writeFileSync(join(dir, '0000_init.sql'), 'CREATE TABLE "item" ("id" integer PRIMARY KEY, "stock" integer NOT NULL CHECK ("stock" >= 0));');
  writeFileSync(
    join(dir, 'meta/_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: 1, tag: '0000_init', breakpoints: true }] }),
  );
  return dir;
}
