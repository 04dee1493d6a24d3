import { describe, expect, it } from 'vitest';
import { readTracingEnv } from './tracing-env';

describe('readTracingEnv', () => {
  it('asks for no exporter when nothing is set', () => {
    expect(readTracingEnv({})).toEqual({
      disabled: false,
      exportsTraces: false,
      samplerConfigured: false,
      exportsLogs: false,
      exportsMetrics: false,
      instrumentations: [],
    });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_TRACES_EXPORTER: 'console' }, true],
    [{ OTEL_TRACES_EXPORTER: 'otlp,console' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    [{ OTEL_TRACES_EXPORTER: ' ', OTEL_EXPORTER_OTLP_ENDPOINT: '' }, false],
  ])('exports traces for %j: %s', (env, expected) => {
    expect(readTracingEnv(env).exportsTraces).toBe(expected);
  });

  it('reads the kill switch, the sampler and the other signals', () => {
    expect(
      readTracingEnv({ OTEL_SDK_DISABLED: 'TRUE', OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_LOGS_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'none' }),
    ).toMatchObject({ disabled: true, exportsTraces: false, samplerConfigured: true, exportsLogs: true, exportsMetrics: false });
  });

  it.each([
    [{}, []],
    [{ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,pino,nestjs-core' }, ['http', 'pino', 'nestjs-core']],
    // gRPC and database spans come from @acme/grpc-client, @acme/interceptors and @acme/database:
    // no instrumentation by those names.
    [{ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'grpc, pg, http, unknown' }, ['http']],
    [{ OTEL_LOGS_EXPORTER: 'otlp' }, ['pino']],
    [{ OTEL_LOGS_EXPORTER: 'otlp', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pino' }, []],
    [{ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'nestjs-core,http', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http' }, ['nestjs-core']],
  ])('selects instrumentations for %j: %j', (env, expected) => {
    expect(readTracingEnv(env).instrumentations).toEqual(expected);
  });
});
