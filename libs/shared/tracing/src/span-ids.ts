import { isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * The W3C trace id (32 hex chars) of the active span, or undefined outside any trace (or with
 * OTEL_SDK_DISABLED). The gateway puts it in problem+json, the logger in every line.
 */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext !== undefined && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/** The span id (16 hex chars) of the active span, or undefined outside any trace. */
export function currentSpanId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext !== undefined && isSpanContextValid(spanContext) ? spanContext.spanId : undefined;
}
