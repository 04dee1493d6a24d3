import { type Attributes, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { TRACER_NAME } from './tracer-name';

/** The kind of a manual span; `client` for calls that leave the process (a database, a queue). */
export type ManualSpanKind = 'internal' | 'client' | 'server' | 'producer' | 'consumer';

const SPAN_KINDS: Record<ManualSpanKind, SpanKind> = {
  internal: SpanKind.INTERNAL,
  client: SpanKind.CLIENT,
  server: SpanKind.SERVER,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

/**
 * Runs `fn` inside a new active span, a child of the current one, and ends the span when the
 * promise settles; a rejection is recorded on the span (exception event, ERROR status) and
 * rethrown. For work no hook traces already (HTTP, gRPC and database queries have their spans),
 * such as a call to a third-party SDK or a step of a long job.
 *
 * @example
 * await withSpan('charge card', { 'payment.provider': 'acme-pay' }, () => payments.charge(order), { kind: 'client' });
 */
export function withSpan<T>(
  name: string,
  attributes: Record<string, string | number>,
  fn: () => Promise<T>,
  options: { readonly kind?: ManualSpanKind } = {},
): Promise<T> {
  const spanAttributes: Attributes = attributes;
  return trace
    .getTracer(TRACER_NAME)
    .startActiveSpan(name, { attributes: spanAttributes, kind: SPAN_KINDS[options.kind ?? 'internal'] }, async (span) => {
      try {
        return await fn();
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        span.end();
      }
    });
}
