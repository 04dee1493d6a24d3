import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { NestCoreInstrumentation } from './nest-core.instrumentation';

/** Paths that Prometheus scrapes: a span per scrape would bury the traces worth reading. */
const UNTRACED_HTTP_PATHS = ['/metrics'];

/**
 * The instrumentations every app runs: HTTP (gateway in, OTLP out is suppressed by the SDK),
 * gRPC (grpc-js clients, hence nice-grpc and @acme/grpc-client, and the grpc-js server under
 * @nestjs/microservices), node-postgres, pino (trace fields; records only when a logs exporter is
 * configured) and NestJS (app creation and HTTP handler spans).
 */
export function createInstrumentations(options: { readonly sendLogs: boolean }): NodeSDKConfiguration['instrumentations'] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => UNTRACED_HTTP_PATHS.some((path) => request.url?.split('?')[0] === path),
    }),
    new GrpcInstrumentation(),
    // Boot-time queries (migrations, pool checks) have no parent; a root span each is noise.
    new PgInstrumentation({ requireParentSpan: true }),
    new PinoInstrumentation({ disableLogSending: !options.sendLogs }),
    new NestCoreInstrumentation(),
  ];
}
