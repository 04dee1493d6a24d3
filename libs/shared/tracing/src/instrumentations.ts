import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { NestCoreInstrumentation } from './nest-core.instrumentation';
import { type InstrumentationName } from './tracing-env';

/**
 * The instrumentations an app runs, those of `names` (see TracingEnv.instrumentations):
 * pino (trace fields; records only when a logs exporter is configured) and, on request,
 * outgoing node:http requests and NestJS (app creation and HTTP controller/handler spans).
 * Incoming HTTP, gRPC and database spans are started by our own hooks (see
 * tracedRequestListener, startGrpcServerSpan and @acme/database's traceQueries for why).
 */
export function createInstrumentations(names: readonly InstrumentationName[], options: { readonly sendLogs: boolean }): NodeSDKConfiguration['instrumentations'] {
  const factories: Record<InstrumentationName, () => NonNullable<NodeSDKConfiguration['instrumentations']>[number]> = {
    // Outgoing only: the server span of an incoming request comes from tracedRequestListener,
    // which would otherwise get a second server span around it. The OTLP exporter's own
    // requests are suppressed by the SDK.
    http: () => new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
    pino: () => new PinoInstrumentation({ disableLogSending: !options.sendLogs }),
    'nestjs-core': () => new NestCoreInstrumentation(),
  };
  return names.map((name) => factories[name]());
}
