import { once } from 'node:events';
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { eq, sql } from 'drizzle-orm';
import { integer, pgTable } from 'drizzle-orm/pg-core';
import { Pool, Query } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, itemMigrations, type TestDatabase, testDatabaseKinds } from '@acme/testing';
import { type DatabaseHandle, openDatabase, tracePoolQueries } from '@acme/database';
import { currentTraceId } from './span-ids';
import { shutdownTracing, startTracing } from './start-tracing';
import { type OtlpReceiver, startOtlpReceiver } from './testing/otlp-receiver';
import { exportingTo, setOtelEnv } from './testing/otel-env';
import { type ReceivedSpan } from './testing/received-span';
import { withSpan } from './with-span';

const item = pgTable('item', { id: integer('id').primaryKey(), stock: integer('stock').notNull() });

/** A W3C parent the caller did not sample: with the parent-based sampler nothing under it is recorded. */
function underUnsampledCaller<T>(fn: () => Promise<T>): Promise<T> {
  const parent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: 'b7ad6b7169203331b7ad6b7169203331',
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.NONE,
    isRemote: true,
  });
  return context.with(parent, () => withSpan('unsampled use case', {}, fn));
}

// @acme/database's query spans (traceQueries, tracePoolQueries) with the SDK as the apps start
// it, exporting to a real OTLP receiver; queries through drizzle, the way the repositories send
// them, on PGlite and (with TEST_DATABASE_URL) a PostgreSQL server.
let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  setOtelEnv({ ...exportingTo(receiver), OTEL_SERVICE_NAME: 'database-spec', OTEL_TRACES_SAMPLER: 'parentbased_always_on' });
  startTracing({ serviceName: 'database-spec', serviceVersion: '0.0.0' });
});

afterAll(async () => {
  await shutdownTracing();
  await receiver.close();
});

describe.each(testDatabaseKinds())('query spans on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await openDatabase({ url: testDatabase.url, dataDir: testDatabase.dataDir, migrationsFolder: itemMigrations() });
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it('records a client span per query under a recorded span, none under an unsampled one or none', async () => {
    await database.db.execute(sql`select 1 as outside_any_span`);
    await underUnsampledCaller(() => database.db.insert(item).values({ id: 1, stock: 5 }));
    let traceId = '';
    await withSpan('use case', {}, async () => {
      traceId = currentTraceId() ?? '';
      await database.db.select().from(item).where(eq(item.id, 1));
      // Inside a transaction drizzle queries a checked-out client, not the pool.
      await database.db.transaction(async (tx) => {
        await tx.update(item).set({ stock: 4 }).where(eq(item.id, 1));
      });
      await expect(database.db.update(item).set({ stock: -1 }).where(eq(item.id, 1))).rejects.toThrow();
      if (kind === 'postgres') {
        // A submittable (what pg-cursor and pg-query-stream are) answers with events, not a
        // promise: it passes through untraced, and still runs.
        const pool = (database.db as unknown as { $client: Pool }).$client;
        const client = await pool.connect();
        try {
          const submitted = client.query(new Query('select 1 as submitted'));
          await once(submitted, 'end');
          // A query pg refuses before sending it throws at once, as without the spans, and its
          // span ends as an error.
          expect(() => client.query({ text: 'select 1 as refused', callback: 'not a function' } as unknown as string)).toThrow(TypeError);
        } finally {
          client.release();
        }
      }
    });

    const inTrace = (all: readonly ReceivedSpan[]): ReceivedSpan[] => all.filter((span) => span.traceId === traceId);
    // PGlite opens and ends its transactions itself, not through the traced query.
    const operations = kind === 'postgres' ? ['SELECT', 'BEGIN', 'UPDATE', 'COMMIT', 'UPDATE', 'SELECT'] : ['SELECT', 'UPDATE', 'UPDATE'];
    const spans = inTrace(await receiver.waitForSpans((all) => inTrace(all).filter((span) => span.kind === 'client').length >= operations.length));
    const useCase = spans.find((span) => span.name === 'use case');
    const queries = spans.filter((span) => span.kind === 'client').sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
    expect(queries.map((span) => span.attributes['db.operation.name'])).toEqual(operations);
    for (const span of queries) {
      expect(span).toMatchObject({ parentSpanId: useCase?.spanId, scopeName: '@acme/database', attributes: { 'db.system.name': 'postgresql' } });
    }
    expect(String(queries[0]?.attributes['db.query.text'])).toContain('from "item"');
    if (kind === 'postgres') {
      const url = new URL(testDatabase.url!);
      const name = url.pathname.slice(1);
      expect(queries[0]).toMatchObject({
        name: `pg.query:SELECT ${name}`,
        attributes: { 'db.namespace': name, 'server.address': url.hostname, 'server.port': Number(url.port) || 5432 },
      });
    } else {
      expect(queries[0]?.name).toBe('pglite.query:SELECT');
    }
    const failed = queries.filter((span) => span.attributes['db.operation.name'] === 'UPDATE').at(-1);
    expect(failed?.status.code).toBe('error');
    expect(failed?.events.map((event) => event.name)).toEqual(['exception']);

    // Nothing from the query outside any span or under the unsampled caller (both sent first).
    const all = receiver.spans();
    expect(all.filter((span) => String(span.attributes['db.query.text']).includes('outside_any_span'))).toEqual([]);
    expect(all.filter((span) => span.attributes['db.operation.name'] === 'INSERT')).toEqual([]);
    expect(all.filter((span) => span.traceId === 'b7ad6b7169203331b7ad6b7169203331')).toEqual([]);
    expect(all.filter((span) => String(span.attributes['db.query.text']).includes('submitted'))).toEqual([]);
    if (kind === 'postgres') {
      const refused = spans.find((span) => span.attributes['db.query.text'] === 'select 1 as refused');
      expect(refused).toMatchObject({ parentSpanId: useCase?.spanId, status: { code: 'error', message: 'callback is not a function' } });
    }
  });
});

describe('query spans over a Unix socket', () => {
  it('name the socket directory as the server address, as pg reads the URL', async () => {
    // No server needed: the connection fails, and the span of the refused query still says where it went.
    const pool = new Pool({ connectionString: 'postgres://postgres@/acme_spec?host=/nonexistent/socket-dir&port=5433' });
    pool.on('error', () => undefined);
    tracePoolQueries(pool);
    try {
      await withSpan('socket use case', {}, () => expect(pool.query('select 1 as over_a_socket')).rejects.toThrow(/ENOENT|connect/));
    } finally {
      await pool.end();
    }
    const overTheSocket = (span: ReceivedSpan): boolean => span.attributes['db.query.text'] === 'select 1 as over_a_socket';
    const spans = await receiver.waitForSpans((all) => all.some(overTheSocket));
    expect(spans.find(overTheSocket)).toMatchObject({
      name: 'pg.query:SELECT acme_spec',
      status: { code: 'error' },
      attributes: { 'db.namespace': 'acme_spec', 'server.address': '/nonexistent/socket-dir', 'server.port': 5433 },
    });
  });
});
