import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from '@acme/logging';
import { AppModule } from './app.module';
import { type AppConfig } from './config';
import { setupOpenApi } from './docs/openapi';
import { registerNdjsonBodyParser } from './products/ndjson-body.parser';
import { IMPORT_ROUTE } from './products/products.controller';
import { SERVICE_VERSION } from './service-info';
import { registerDrainHooks } from './shutdown/drain.hooks';
import { DrainState } from './shutdown/drain.state';

/** The Fastify adapter with the gateway's server options. */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Draining is answered by the gateway's own hook, as problem+json (see registerDrainHooks).
    return503OnClosing: false,
    // Request logs come from pino-http (@acme/logging).
    logger: false,
  });
}

/**
 * What the gateway adds to the Fastify instance itself: JSON as the only general body type
 * (Fastify's text/plain parser is removed, so other types are 415), the streamed NDJSON
 * import, the drain hooks, and the OpenAPI document with Swagger UI. Call before listen().
 */
export function configureGateway(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
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
