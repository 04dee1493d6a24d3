// First import of main.ts: OpenTelemetry must patch grpc-js, pg and Nest before they load.
import { startTracing } from '@acme/tracing';
import { APP_VERSION } from './version';

startTracing({ serviceName: 'product-service', serviceVersion: APP_VERSION });
