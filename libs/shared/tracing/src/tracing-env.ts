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
  return {
    disabled: nonEmpty(env['OTEL_SDK_DISABLED'])?.toLowerCase() === 'true',
    exportsTraces,
    samplerConfigured: nonEmpty(env['OTEL_TRACES_SAMPLER']) !== undefined,
    exportsLogs: list(env['OTEL_LOGS_EXPORTER']).some((name) => name !== 'none'),
    exportsMetrics: list(env['OTEL_METRICS_EXPORTER']).some((name) => name !== 'none'),
  };
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
