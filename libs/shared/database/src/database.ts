import { type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** The query builder both drivers share (drizzle over PGlite or node-postgres). */
export type Database = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** An open database with the operations services need beyond queries. */
export interface DatabaseHandle {
  readonly db: Database;
  /** 'pglite' (embedded, files under a data directory) or 'postgres' (DATABASE_URL). */
  readonly driver: 'pglite' | 'postgres';
  /** Resolves when the database answers a trivial query; rejects otherwise (readiness). */
  ping(): Promise<void>;
  /**
   * Calls `onPayload` for every NOTIFY on `channel` (sent with pg_notify inside a transaction,
   * delivered on commit). Returns the function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Nest injection token of the DatabaseHandle. */
export const DATABASE = Symbol('DATABASE:HANDLE');
