import { randomBytes } from 'node:crypto';
import { type IncomingHttpHeaders } from 'node:http';
import { currentTraceId } from '@acme/tracing';

/** A request's W3C trace id and whether the gateway had to make it up. */
export interface RequestTraceId {
  readonly traceId: string;
  /** True when neither an active span nor a `traceparent` header gave one: log it. */
  readonly generated: boolean;
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;
const INVALID_TRACE_ID = '0'.repeat(32);

/**
 * The trace id a problem+json carries: the active OpenTelemetry span's when tracing is on,
 * else the incoming W3C `traceparent`'s, else a new random one.
 */
export function traceIdOf(headers: IncomingHttpHeaders): RequestTraceId {
  const active = currentTraceId();
  if (active !== undefined) return { traceId: active, generated: false };
  const incoming = parseTraceparent(headers['traceparent']);
  if (incoming !== undefined) return { traceId: incoming, generated: false };
  return { traceId: randomBytes(16).toString('hex'), generated: true };
}

/** The trace id of a W3C `traceparent` header, or undefined when it is absent or invalid. */
export function parseTraceparent(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value === undefined ? null : TRACEPARENT.exec(value.trim().toLowerCase());
  const traceId = match?.[1];
  return traceId === undefined || traceId === INVALID_TRACE_ID ? undefined : traceId;
}
