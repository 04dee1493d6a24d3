import { type PGlite } from '@electric-sql/pglite';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type QueryFn, wrapQueries } from './wrap-queries';

const tracer = trace.getTracer('@acme/database');

/**
 * Client spans for PGlite queries, shaped like instrumentation-pg's spans for PostgreSQL
 * (which covers the production path): no OpenTelemetry instrumentation exists for PGlite,
 * so the embedded default would otherwise show no database work in its traces.
 */
export function traceQueries(client: PGlite): void {
  wrapQueries(client, wrap);
}

function wrap(query: QueryFn): QueryFn {
  return ((text: string, ...rest: unknown[]) =>
    tracer.startActiveSpan(
      `pglite ${text.trimStart().split(/\s+/, 1)[0]?.toLowerCase() ?? 'query'}`,
      { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.system': 'postgresql', 'db.query.text': text } },
      async (span) => {
        try {
          return await (query as (text: string, ...rest: unknown[]) => ReturnType<QueryFn>)(text, ...rest);
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      },
    )) as QueryFn;
}
