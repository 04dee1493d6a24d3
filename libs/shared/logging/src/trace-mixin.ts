import { isSpanContextValid, trace } from '@opentelemetry/api';
import { CallContext } from '@acme/context';

/**
 * Fields pino adds to every line: trace_id and span_id of the active OpenTelemetry span, and
 * request_id of the current call. Read at write time, so a line logged anywhere inside a
 * request, however deep, joins its trace. instrumentation-pino would add the ids too, but only
 * when the SDK patched pino before it loaded; this mixin does not depend on load order.
 */
export function traceMixin(): Record<string, string> {
  const fields: Record<string, string> = {};
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext !== undefined && isSpanContextValid(spanContext)) {
    fields['trace_id'] = spanContext.traceId;
    fields['span_id'] = spanContext.spanId;
  }
  // A line that names its own request_id keeps it: pino merges the call's object over this one.
  const requestId = CallContext.current()?.requestId;
  if (requestId !== undefined) fields['request_id'] = requestId;
  return fields;
}
