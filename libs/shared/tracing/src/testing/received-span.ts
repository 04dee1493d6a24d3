/** An attribute value as OTLP carries it (AnyValue), in plain JavaScript. */
export type AttributeValue = string | number | boolean | Buffer | AttributeValue[] | { readonly [key: string]: AttributeValue };

/** OTLP Span.SpanKind without its SPAN_KIND_ prefix. */
export type ReceivedSpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** One span as an OTLP receiver decoded it, with its resource and scope folded in. */
export interface ReceivedSpan {
  /** 32 lowercase hex characters. */
  readonly traceId: string;
  /** 16 lowercase hex characters. */
  readonly spanId: string;
  /** Undefined for a root span. */
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: ReceivedSpanKind;
  /** `service.name` of the resource that sent the span. */
  readonly serviceName?: string;
  /** Name of the instrumentation scope (`@acme/tracing`, `@acme/database`, ...). */
  readonly scopeName: string;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly resource: Readonly<Record<string, AttributeValue>>;
  readonly status: { readonly code: 'unset' | 'ok' | 'error'; readonly message: string };
  readonly events: readonly { readonly name: string; readonly attributes: Readonly<Record<string, AttributeValue>> }[];
}
