import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOffSampler, NoopSpanProcessor, ParentBasedSampler, type Sampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { registerEsmHook } from './esm-hook';
import { createInstrumentations } from './instrumentations';
import { readTracingEnv } from './tracing-env';

/** What an app tells the SDK about itself; everything else comes from OTEL_* variables. */
export interface TracingOptions {
  /** Default `service.name`; OTEL_SERVICE_NAME (or service.name in OTEL_RESOURCE_ATTRIBUTES) wins. */
  readonly serviceName: string;
  /** Default `service.version`; service.version in OTEL_RESOURCE_ATTRIBUTES wins. */
  readonly serviceVersion: string;
}

/**
 * Share of new traces recorded when exporting and OTEL_TRACES_SAMPLER is unset: one request in
 * ten. A caller's sampling decision (the traceparent flag) is always followed, so a trace is
 * recorded whole or not at all. Recording every request exports and serializes a dozen spans per
 * request across the services for little extra insight at volume (in `npm run bench` the RoursAll
 * row, everything recorded, costs the gateway ~6% more CPU per request).
 * OTEL_TRACES_SAMPLER=parentbased_always_on records everything (the compose file does, for local
 * Jaeger).
 */
export const DEFAULT_SAMPLE_RATIO = 0.1;

let sdk: NodeSDK | undefined;
let started = false;
let shutdown: Promise<void> | undefined;

/**
 * Starts the OpenTelemetry NodeSDK. Call it first thing, before NestJS, grpc-js, pg or pino are
 * loaded (apps do it in `src/instrument.ts`, the first import of `main.ts`): instrumentation
 * patches modules as they load and cannot reach the ones already loaded.
 *
 * Configured only through the standard variables: OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES,
 * OTEL_TRACES_EXPORTER (otlp | console | none), OTEL_EXPORTER_OTLP_ENDPOINT /
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL (http/protobuf by default,
 * http/json, grpc), OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG, OTEL_PROPAGATORS (W3C
 * tracecontext + baggage by default), OTEL_BSP_*, OTEL_SDK_DISABLED, and
 * OTEL_NODE_ENABLED_INSTRUMENTATIONS / OTEL_NODE_DISABLED_INSTRUMENTATIONS (none by default:
 * incoming HTTP, gRPC and query spans come from our own hooks; pino with a logs exporter;
 * `http` for outgoing requests and `nestjs-core` on request).
 *
 * Default sampler when exporting: parentbased_traceidratio at {@link DEFAULT_SAMPLE_RATIO}.
 *
 * Embedded default, when no variable asks for an exporter (no OTEL_TRACES_EXPORTER, no OTLP
 * endpoint) or OTEL_TRACES_EXPORTER=none: nothing is exported and, unless OTEL_TRACES_SAMPLER says
 * otherwise, nothing is recorded (always_off sampler). Every request still gets a W3C trace id,
 * which is logged as trace_id, returned in problem+json and propagated to the next hop, so logs
 * of one request can be joined across services at no cost. OTEL_SDK_DISABLED=true turns all of
 * it off, trace ids included.
 *
 * @example
 * // apps/order-service/src/instrument.ts
 * import { startTracing } from '@acme/tracing';
 * startTracing({ serviceName: 'order-service', serviceVersion: '0.1.0' });
 */
export function startTracing(options: TracingOptions): void {
  if (started) {
    process.emitWarning('startTracing was called twice; the second call is ignored', 'TracingWarning');
    return;
  }
  started = true;
  const env = readTracingEnv();
  if (env.disabled) return;
  // The ESM hook only serves the NestJS instrumentation (NestJS 12 is ESM).
  if (env.instrumentations.includes('nestjs-core')) registerEsmHook();
  sdk = new NodeSDK({
    // Detected resources (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES among them) merge over this.
    resource: defaultResource().merge(
      resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName, [ATTR_SERVICE_VERSION]: options.serviceVersion }),
    ),
    instrumentations: createInstrumentations(env.instrumentations, { sendLogs: env.exportsLogs }),
    // Without a span processor NodeSDK registers no tracer provider at all, and then requests
    // get no trace id; a no-op processor keeps ids and propagation while exporting nothing.
    ...(env.exportsTraces ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
    ...(env.samplerConfigured ? {} : { sampler: defaultSampler(env.exportsTraces) }),
    // Logs go to stdout through pino and metrics to Prometheus: OTel pipelines only on request.
    ...(env.exportsLogs ? {} : { logRecordProcessors: [] }),
    ...(env.exportsMetrics ? {} : { metricReaders: [] }),
  });
  sdk.start();
}

function defaultSampler(exportsTraces: boolean): Sampler {
  if (!exportsTraces) return new AlwaysOffSampler();
  return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(DEFAULT_SAMPLE_RATIO) });
}

/**
 * Flushes the spans still buffered and shuts the SDK down. Safe to call more than once and
 * without a started SDK; apps call it from their shutdown path, after the server closed.
 */
export function shutdownTracing(): Promise<void> {
  shutdown ??= sdk?.shutdown() ?? Promise.resolve();
  return shutdown;
}
