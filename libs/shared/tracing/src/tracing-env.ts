/**
 * The instrumentations an app can run, named as @opentelemetry/auto-instrumentations-node names
 * them in OTEL_NODE_ENABLED_INSTRUMENTATIONS / OTEL_NODE_DISABLED_INSTRUMENTATIONS.
 */
export const INSTRUMENTATION_NAMES = ['http', 'pino', 'nestjs-core'] as const;
export type InstrumentationName = (typeof INSTRUMENTATION_NAMES)[number];

/**
 * None unless OTEL_NODE_ENABLED_INSTRUMENTATIONS lists some; pino when OTEL_LOGS_EXPORTER asks
 * for an OTel logs pipeline (without one, it would only add the trace fields the logger's own
 * mixin already writes). HTTP server, gRPC and database spans are not instrumentations here:
 * the gateway's server (tracedRequestListener), @acme/grpc-client, @acme/interceptors' gRPC call
 * interceptor and @acme/database's query spans start them. `http` (outgoing node:http requests
 * only) is off by default: no app makes such requests. nestjs-core is off by default: its two
 * spans per HTTP request (controller and handler) add little to the HTTP server span and the
 * gRPC client span around them, and cost 5-10% of the gateway's CPU per request even when the
 * request is not sampled (`npm run bench`).
 */
export const DEFAULT_INSTRUMENTATIONS: readonly InstrumentationName[] = [];

/** What the standard OTEL_* variables ask of the SDK, decided once at start. */
export interface TracingEnv {
  /** OTEL_SDK_DISABLED=true: no SDK, no instrumentation, no trace ids. */
  readonly disabled: boolean;
  /** An exporter was asked for (OTEL_TRACES_EXPORTER other than none, or an OTLP endpoint). */
  readonly exportsTraces: boolean;
  /** OTEL_TRACES_SAMPLER is set, so the SDK's own sampler parsing applies. */
  readonly samplerConfigured: boolean;
  /** OTEL_LOGS_EXPORTER is set: log records go through the OTel logs pipeline too. */
  readonly exportsLogs: boolean;
  /** OTEL_METRICS_EXPORTER is set: OTel metrics are exported beside the Prometheus ones. */
  readonly exportsMetrics: boolean;
  /**
   * OTEL_NODE_ENABLED_INSTRUMENTATIONS (only these; default {@link DEFAULT_INSTRUMENTATIONS}, plus
   * pino with a logs exporter) minus OTEL_NODE_DISABLED_INSTRUMENTATIONS; unknown names are ignored.
   */
  readonly instrumentations: readonly InstrumentationName[];
}

/**
 * Reads the OTEL_* variables the SDK would read, to pick the embedded default when none asks
 * for an exporter: the SDK's own default is an OTLP exporter to localhost:4318, which in a
 * laptop run only produces connection errors.
 */
export function readTracingEnv(env: NodeJS.ProcessEnv = process.env): TracingEnv {
  const exporters = list(env['OTEL_TRACES_EXPORTER']);
  const endpoint = nonEmpty(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) ?? nonEmpty(env['OTEL_EXPORTER_OTLP_ENDPOINT']);
  const exportsTraces = exporters.length > 0 ? exporters.some((name) => name !== 'none') : endpoint !== undefined;
  const exportsLogs = list(env['OTEL_LOGS_EXPORTER']).some((name) => name !== 'none');
  return {
    disabled: nonEmpty(env['OTEL_SDK_DISABLED'])?.toLowerCase() === 'true',
    exportsTraces,
    samplerConfigured: nonEmpty(env['OTEL_TRACES_SAMPLER']) !== undefined,
    exportsLogs,
    exportsMetrics: list(env['OTEL_METRICS_EXPORTER']).some((name) => name !== 'none'),
    instrumentations: selectInstrumentations(
      list(env['OTEL_NODE_ENABLED_INSTRUMENTATIONS']),
      list(env['OTEL_NODE_DISABLED_INSTRUMENTATIONS']),
      exportsLogs,
    ),
  };
}

function selectInstrumentations(enabled: readonly string[], disabled: readonly string[], exportsLogs: boolean): InstrumentationName[] {
  const wanted: readonly string[] = enabled.length > 0 ? enabled : exportsLogs ? [...DEFAULT_INSTRUMENTATIONS, 'pino'] : DEFAULT_INSTRUMENTATIONS;
  return INSTRUMENTATION_NAMES.filter((name) => wanted.includes(name) && !disabled.includes(name));
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function list(value: string | undefined): string[] {
  return (nonEmpty(value) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
