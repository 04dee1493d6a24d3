import { type PGlite } from '@electric-sql/pglite';
import { type Attributes, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type Pool, type PoolClient } from 'pg';
import ConnectionParameters from 'pg/lib/connection-parameters';
import { type QueryFn, wrapQueries } from './wrap-queries';

// A ProxyTracer until startTracing registers the SDK, which it then delegates to.
const tracer = trace.getTracer('@acme/database');

// Attribute names of the stable database semantic conventions (as instrumentation-pg sets them).
const ATTR_DB_SYSTEM_NAME = 'db.system.name';
const ATTR_DB_NAMESPACE = 'db.namespace';
const ATTR_DB_OPERATION_NAME = 'db.operation.name';
const ATTR_DB_QUERY_TEXT = 'db.query.text';
const ATTR_SERVER_ADDRESS = 'server.address';
const ATTR_SERVER_PORT = 'server.port';
const ATTR_DB_POSTGRESQL_PLAN = 'db.postgresql.plan';

/** Where the queries go: `pg` or `pglite` (the span name's prefix) and the connection's attributes. */
interface QueryTarget {
  readonly driver: 'pg' | 'pglite';
  readonly database?: string;
  readonly attributes: Attributes;
}

/**
 * A client span for each query made under a recording span, on both drivers, named and
 * attributed as @opentelemetry/instrumentation-pg names its spans (`pg.query:SELECT shop`,
 * `db.system.name`, `db.namespace`, `db.operation.name`, `db.query.text`, `server.address`,
 * `server.port`; `pglite.query:SELECT` for PGlite, which has no instrumentation).
 *
 * A query under an unsampled span (9 in 10 requests with the default sampler) or under none
 * (migrations, boot) gets no span and costs one check. Why by hand rather than
 * instrumentation-pg: the instrumentation does its whole work for every query, sampled or not
 * (attributes, a non-recording span, the callback bound to the context, a duration metric
 * nobody reads, pool counters on every checkout). Measured side by side in one run (`npm run
 * bench` harness, the previous build beside this one, 9 interleaved rounds, medians): the
 * product service's CPU per GetProduct on PostgreSQL fell from 426 to 381 µs.
 * (Not @acme/tracing's withSpan: that lib's specs open databases through this one, and it has
 * no way to skip unrecorded work; the span's error handling is the same.)
 */
function traced<T>(target: QueryTarget, text: string, plan: string | undefined, run: () => Promise<T>): Promise<T> {
  const parent = trace.getActiveSpan();
  if (parent === undefined || !parent.isRecording()) return run();
  const operation = operationOf(text);
  const span = tracer.startSpan(`${target.driver}.query:${plan || operation}${target.database ? ` ${target.database}` : ''}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      ...target.attributes,
      [ATTR_DB_OPERATION_NAME]: operation,
      [ATTR_DB_QUERY_TEXT]: text,
      ...(plan ? { [ATTR_DB_POSTGRESQL_PLAN]: plan } : {}),
    },
  });
  const fail = (error: unknown): never => {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    span.end();
    throw error;
  };
  let pending: Promise<T>;
  try {
    pending = context.with(trace.setSpan(context.active(), span), run);
  } catch (error) {
    // A query the driver refuses before sending it (pg throws at once on some malformed
    // configs) ends its span as an error and throws as it would untraced.
    return fail(error);
  }
  return pending.then((result) => {
    span.end();
    return result;
  }, fail);
}

/** The statement's first keyword, upper case ("SELECT"), as instrumentation-pg derives it. */
function operationOf(text: string): string {
  const trimmed = text.trimStart();
  const space = trimmed.search(/\s/);
  const keyword = (space === -1 ? trimmed : trimmed.slice(0, space)).toUpperCase();
  return keyword.endsWith(';') ? keyword.slice(0, -1) : keyword;
}

/** Query spans for a PGlite client and its transactions (see {@link traced}). */
export function traceQueries(client: PGlite): void {
  const target: QueryTarget = { driver: 'pglite', attributes: { [ATTR_DB_SYSTEM_NAME]: 'postgresql' } };
  wrapQueries(
    client,
    (query) => ((text: string, ...rest: unknown[]) => traced(target, text, undefined, () => (query as (text: string, ...rest: unknown[]) => ReturnType<QueryFn>)(text, ...rest))) as QueryFn,
  );
}

type PgQuery = (...args: unknown[]) => unknown;

/**
 * Query spans for a node-postgres pool (see {@link traced}): `pool.query`, which drizzle uses
 * outside transactions, and `query` on every client the pool opens, which drizzle uses inside
 * them. Only the promise forms are traced; the callback form is what `pool.query` itself calls
 * on the client it checked out, so that query is not traced twice, and a submittable (a cursor
 * or a stream) has no promise to end its span on.
 */
export function tracePoolQueries(pool: Pool): void {
  // Where the pool's clients connect, read as pg itself reads it (a connection string over
  // separate options over PG* env defaults; `?host=/var/run/postgresql` is a socket directory).
  const { host, port, database } = new ConnectionParameters(pool.options);
  const target: QueryTarget = {
    driver: 'pg',
    database,
    attributes: {
      [ATTR_DB_SYSTEM_NAME]: 'postgresql',
      ...(database ? { [ATTR_DB_NAMESPACE]: database } : {}),
      [ATTR_SERVER_ADDRESS]: host || 'localhost',
      [ATTR_SERVER_PORT]: port || 5432,
    },
  };
  const wrap = (query: PgQuery): PgQuery =>
    function tracedQuery(this: unknown, ...args: unknown[]): unknown {
      const [first] = args;
      const config = typeof first === 'object' && first !== null ? (first as { text?: unknown; name?: unknown; callback?: unknown; submit?: unknown }) : undefined;
      const text = typeof first === 'string' ? first : config?.text;
      // Callback forms and submittables (pg-cursor, pg-query-stream) return no promise: untraced.
      const untraced = typeof args.at(-1) === 'function' || typeof config?.callback === 'function' || typeof config?.submit === 'function';
      if (typeof text !== 'string' || untraced) return query.apply(this, args);
      return traced(target, text, typeof config?.name === 'string' ? config.name : undefined, () => query.apply(this, args) as Promise<unknown>);
    };
  const poolQuery = pool.query as unknown as PgQuery;
  (pool as unknown as { query: PgQuery }).query = wrap(poolQuery);
  pool.on('connect', (client: PoolClient) => {
    const clientQuery = client.query as unknown as PgQuery;
    (client as unknown as { query: PgQuery }).query = wrap(clientQuery);
  });
}
