import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { registerHttpTelemetry } from '@acme/interceptors';
import { Logger, PinoLogger, requestIdFor } from '@acme/logging';
import { Metrics } from '@acme/metrics';
import { tracedRequestListener } from '@acme/tracing';
import { AppModule } from './app.module';
import { APP_CONFIG, type AppConfig } from './config';
import { requestDeadline } from './deadline/request-deadline';
import { setupOpenApi } from './docs/openapi';
import { registerNdjsonBodyParser } from './products/ndjson-body.parser';
import { IMPORT_ROUTE } from './products/products.controller';
import { SERVICE_VERSION } from './service-info';
import { registerDrainHooks } from './shutdown/drain.hooks';
import { DrainState } from './shutdown/drain.state';

/**
 * Requests that get no HTTP server span: Prometheus scrapes and the Kubernetes probes. Each
 * would be a root span of its own (1 in 10 recorded by the default sampler), burying the traces
 * worth reading; grpc.health.v1 probes of the services are untraced too. Their request lines
 * and RED metrics remain, so a failing readiness probe still shows in the log.
 */
export const UNTRACED_PATHS: readonly string[] = ['/metrics', '/health/live', '/health/ready'];

/** The Fastify adapter with the gateway's server options. */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Draining is answered by the gateway's own hook, as problem+json (see registerDrainHooks).
    return503OnClosing: false,
    // Request lines, metrics and the request id come from registerHttpTelemetry.
    logger: false,
    genReqId: (request: IncomingMessage) => requestIdFor(request.headers),
    // Every request runs in its HTTP server span (W3C traceparent in, trace id for logs and
    // problem+json). With a serverFactory Fastify leaves the server's timeouts to us: set as
    // Fastify sets its own (its defaults: 72 s keep-alive, no request or connection timeout).
    serverFactory: (handler: (request: IncomingMessage, response: ServerResponse) => void, options: Record<string, unknown>) => {
      const server = createServer(tracedRequestListener(handler, { untracedPaths: UNTRACED_PATHS }));
      server.keepAliveTimeout = numberOr(options['keepAliveTimeout'], 72_000);
      server.requestTimeout = numberOr(options['requestTimeout'], 0);
      server.setTimeout(numberOr(options['connectionTimeout'], 0));
      return server;
    },
  });
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/**
 * What the gateway adds to the Fastify instance itself: request telemetry (request id, log
 * line, RED metrics, span name), each handler's deadline and cancellation context, JSON as the only general body type (Fastify's text/plain
 * parser is removed, so other types are 415), the streamed NDJSON import, the drain hooks, and
 * the OpenAPI document with Swagger UI. Call before listen(), after useLogger().
 */
export function configureGateway(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  registerHttpTelemetry(fastify, {
    logger: PinoLogger.root,
    metrics: app.get(Metrics),
    callContext: requestDeadline(app.get<AppConfig>(APP_CONFIG).REQUEST_TIMEOUT_MS),
  });
  fastify.removeContentTypeParser('text/plain');
  registerNdjsonBodyParser(fastify, [IMPORT_ROUTE]);
  registerDrainHooks(fastify, app.get(DrainState));
  setupOpenApi(app, SERVICE_VERSION);
}

/** Options of {@link createGateway}. */
export interface CreateGatewayOptions {
  /** The root module; default `AppModule.forRoot(config)` (tests wrap it). */
  readonly module?: DynamicModule | Type<unknown>;
}

/** The whole gateway, configured and ready to listen. */
export async function createGateway(config: AppConfig, options: CreateGatewayOptions = {}): Promise<NestFastifyApplication> {
  // bodyParser off: Nest would add JSON and urlencoded parsers; the gateway takes JSON only,
  // through Fastify's own parser with BODY_LIMIT_BYTES.
  const app = await NestFactory.create<NestFastifyApplication>(options.module ?? AppModule.forRoot(config), createFastifyAdapter(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  configureGateway(app);
  return app;
}
