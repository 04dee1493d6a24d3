import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export type TestDatabaseKind = 'pglite' | 'postgres';

/** A fresh, empty database for one test file; `drop()` removes it. */
export interface TestDatabase {
  readonly kind: TestDatabaseKind;
  /** Set for PostgreSQL: a database created for this test on TEST_DATABASE_URL's server. */
  readonly url?: string;
  /** Set for PGlite: a new temporary data directory. */
  readonly dataDir: string;
  drop(): Promise<void>;
}

/**
 * The databases repository tests run against: always PGlite, plus the PostgreSQL server at
 * TEST_DATABASE_URL when it is set (CI sets it to the local server).
 *
 * @example describe.each(testDatabaseKinds())('ProductRepository on %s', (kind) => { ... })
 */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return process.env['TEST_DATABASE_URL'] ? ['pglite', 'postgres'] : ['pglite'];
}

/** Creates an isolated database of the given kind. */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'acme-db-'));
  const removeDir = (): void => rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'pglite') return { kind, dataDir, drop: async () => removeDir() };

  const serverUrl = process.env['TEST_DATABASE_URL'];
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    dataDir,
    drop: async () => {
      removeDir();
      await withClient(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
