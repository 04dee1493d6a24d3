// First import of main.ts: OpenTelemetry must patch http, Fastify, Nest and grpc-js before they load.
import { startTracing } from '@acme/tracing';
import { SERVICE_NAME, SERVICE_VERSION } from './service-info';

startTracing({ serviceName: SERVICE_NAME, serviceVersion: SERVICE_VERSION });
