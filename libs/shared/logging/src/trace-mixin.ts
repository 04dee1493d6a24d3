import { isSpanContextValid, trace } from '@opentelemetry/api';
import { type Logger } from 'pino';
import { CallContext } from '@acme/context';

/**
 * Fields pino adds to every line: trace_id and span_id of the active OpenTelemetry span, and
 * request_id of the current call. Read at write time, so a line logged anywhere inside a
 * request, however deep, joins its trace. instrumentation-pino would add the ids too, but only
 * when the SDK patched pino before it loaded; this mixin does not depend on load order.
 */
export function traceMixin(_mergeObject: object, _level: number, logger: Logger): Record<string, string> {
  const fields: Record<string, string> = {};
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext !== undefined && isSpanContextValid(spanContext)) {
    fields['trace_id'] = spanContext.traceId;
    fields['span_id'] = spanContext.spanId;
  }
  const requestId = CallContext.current()?.requestId;
  // A request logger (pino-http) already binds request_id; a second copy would repeat the key.
  if (requestId !== undefined && !('request_id' in logger.bindings())) fields['request_id'] = requestId;
  return fields;
}
