import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import { Client, Pool } from 'pg';
import { type Database, type DatabaseHandle } from './database';
import { DRIZZLE_TYPE_PARSERS, shareTypeParsers } from './shared-type-parsers';
import { tracePoolQueries, traceQueries } from './trace-queries';

export interface DatabaseOptions {
  /** postgres://... for a PostgreSQL server; unset for embedded PGlite. */
  readonly url?: string;
  /** PGlite data directory (created if missing); 'memory://' keeps it in memory. */
  readonly dataDir: string;
  /** drizzle-kit migrations folder; applied before the handle is returned. */
  readonly migrationsFolder: string;
  /** Pool size for PostgreSQL. */
  readonly poolSize?: number;
}

/**
 * Opens the service's own database and applies its migrations: PostgreSQL when `url` is set
 * (the production path), else PGlite, PostgreSQL compiled to WASM running in-process (the
 * embedded default, no server needed). Both drive the same drizzle schema and migrations.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.url === undefined || options.url === '' ? openPglite(options) : openPostgres(options.url, options);
}

async function openPglite(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  const client = new PGlite(options.dataDir, { parsers: DRIZZLE_TYPE_PARSERS });
  await client.waitReady;
  shareTypeParsers(client);
  traceQueries(client);
  const db = drizzlePglite(client);
  await migratePglite(db, { migrationsFolder: options.migrationsFolder });
  return {
    db: db as unknown as Database,
    driver: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    listen: async (channel, onPayload) => {
      const unlisten = await client.listen(channel, onPayload);
      return () => unlisten();
    },
    close: () => client.close(),
  };
}

// Any constant shared by every instance of a service; serialises concurrent migrations.
const MIGRATION_LOCK_ID = 7_246_001;

async function openPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const pool = new Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  tracePoolQueries(pool);
  const lockClient = await pool.connect();
  try {
    await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migratePostgres(drizzlePostgres(lockClient), { migrationsFolder: options.migrationsFolder });
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    lockClient.release();
  }
  const listeners: Client[] = [];
  return {
    db: drizzlePostgres(pool) as unknown as Database,
    driver: 'postgres',
    ping: async () => {
      await pool.query('select 1');
    },
    listen: async (channel, onPayload) => {
      // LISTEN needs a connection of its own, outside the pool.
      const listener = new Client({ connectionString: url });
      listener.on('error', () => undefined);
      await listener.connect();
      listener.on('notification', (message) => {
        if (message.channel === channel) onPayload(message.payload ?? '');
      });
      await listener.query(`listen "${channel.replaceAll('"', '""')}"`);
      listeners.push(listener);
      return async () => {
        listeners.splice(listeners.indexOf(listener), 1);
        await listener.end();
      };
    },
    close: async () => {
      await Promise.all(listeners.splice(0).map((listener) => listener.end()));
      await pool.end();
    },
  };
}
