import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { NestCoreInstrumentation } from './nest-core.instrumentation';
import { type InstrumentationName } from './tracing-env';

/**
 * gRPC methods never traced: grpc.health.v1 (Check, Watch, List: probes from Kubernetes, Consul
 * and the gateway's readiness, every few seconds) and server reflection. The instrumentation
 * matches the bare method name only, so a service's own method with one of these names is not
 * traced either: pick other names.
 */
export const UNTRACED_GRPC_METHODS: readonly string[] = ['Check', 'Watch', 'List', 'ServerReflectionInfo'];

/** Paths that Prometheus scrapes: a span per scrape would bury the traces worth reading. */
const UNTRACED_HTTP_PATHS = ['/metrics'];

/**
 * The instrumentations an app runs, those of `names` (see TracingEnv.instrumentations): HTTP
 * (gateway in; OTLP out is suppressed by the SDK), gRPC (grpc-js clients, hence nice-grpc and
 * @acme/grpc-client, and the grpc-js server under @nestjs/microservices), node-postgres, pino
 * (trace fields; records only when a logs exporter is configured) and, on request, NestJS (app
 * creation and HTTP controller/handler spans).
 */
export function createInstrumentations(names: readonly InstrumentationName[], options: { readonly sendLogs: boolean }): NodeSDKConfiguration['instrumentations'] {
  const factories: Record<InstrumentationName, () => NonNullable<NodeSDKConfiguration['instrumentations']>[number]> = {
    http: () =>
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_HTTP_PATHS.some((path) => request.url?.split('?')[0] === path),
      }),
    grpc: () => new GrpcInstrumentation({ ignoreGrpcMethods: [...UNTRACED_GRPC_METHODS] }),
    // Boot-time queries (migrations, pool checks) have no parent; a root span each is noise.
    // Connect spans (pg-pool.connect for every pool checkout, pg.connect) are off: a span per
    // query that says "a pooled client was free", and ~20 µs of the product service's CPU per
    // GetProduct on PostgreSQL in `npm run bench`. The query spans remain.
    pg: () => new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
    pino: () => new PinoInstrumentation({ disableLogSending: !options.sendLogs }),
    'nestjs-core': () => new NestCoreInstrumentation(),
  };
  return names.map((name) => factories[name]());
}
