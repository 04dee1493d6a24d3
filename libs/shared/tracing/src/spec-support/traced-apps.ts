// Apps and clients for start-tracing.spec.ts. The spec imports this module only after
// startTracing, as an app's main.ts imports its modules after instrument.ts: NestJS and grpc-js
// must load after the SDK for their instrumentation to apply.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Controller, Get, InternalServerErrorException, Module, Param, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { loadSync } from '@grpc/proto-loader';
import type * as GrpcJs from '@grpc/grpc-js';
import { context } from '@opentelemetry/api';
import { PROTO_DIR, productV1, protoPath } from '@acme/contracts';
import { HealthCheckClient, HealthService } from '@acme/health';
import { startGrpcServerSpan } from '../grpc-spans';
import { tracedRequestListener } from '../http-server-spans';
import { currentSpanId, currentTraceId } from '../span-ids';

// Loaded with require, as the compiled CommonJS apps do, so require-in-the-middle patches them.
const requireModule = createRequire(__filename);
export const grpc = requireModule('@grpc/grpc-js') as typeof GrpcJs;

/** The trace and span ids each handler saw, in call order. */
export const seenInHandlers: { traceId?: string; spanId?: string }[] = [];

function remember(): void {
  seenInHandlers.push({ traceId: currentTraceId(), spanId: currentSpanId() });
}

@Controller('hello')
class HelloController {
  @Get('failing/now')
  fail(): never {
    throw new InternalServerErrorException('boom');
  }

  @Get(':name')
  hello(@Param('name') name: string): { name: string; traceId?: string } {
    remember();
    return { name, traceId: currentTraceId() };
  }
}

@Module({ controllers: [HelloController] })
class HttpAppModule {}

const LOADER_OPTIONS = { keepCase: false, longs: Number, enums: Number, defaults: true, arrays: true, objects: true, oneofs: true, includeDirs: [PROTO_DIR] };

/** A NestJS app on Fastify whose server wraps each request in its span, as the gateway's does. */
export async function startHttpApp(): Promise<{ app: INestApplication; url: string }> {
  const adapter = new FastifyAdapter({
    serverFactory: (handler: (request: IncomingMessage, response: ServerResponse) => void) => createServer(tracedRequestListener(handler)),
  });
  const app = await NestFactory.create(HttpAppModule, adapter, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

/**
 * A bare grpc-js ProductService whose GetProduct runs in a server span from startGrpcServerSpan
 * (as @acme/interceptors starts it): id "missing" fails with NOT_FOUND.
 */
export async function startGrpcServer(): Promise<{ port: number; close(): void }> {
  const definitions = loadSync(protoPath(productV1.SERVICE_PROTO), LOADER_OPTIONS);
  const service = definitions[`${productV1.PACKAGE}.ProductService`] as GrpcJs.ServiceDefinition;
  const server = new grpc.Server();
  server.addService(service, {
    getProduct: (call: GrpcJs.ServerUnaryCall<productV1.GetProductRequest, unknown>, callback: GrpcJs.sendUnaryData<unknown>) => {
      const span = startGrpcServerSpan(call.getPath(), call.metadata);
      context.with(span.context, () => {
        remember();
        if (call.request.id === 'missing') {
          span.end(grpc.status.NOT_FOUND, 'product missing not found');
          callback({ code: grpc.status.NOT_FOUND, details: 'product missing not found' });
          return;
        }
        span.end(grpc.status.OK);
        callback(null, { product: { id: call.request.id, sku: 'SKU', name: 'n', description: '', priceCents: 1, currency: 'USD', stock: 1 } });
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { port, close: () => server.forceShutdown() };
}

/** The method the spec calls, as grpc-js generic clients expose it. */
export interface ProductGrpcJsClient extends GrpcJs.Client {
  getProduct(
    request: productV1.GetProductRequest,
    metadata: GrpcJs.Metadata,
    options: GrpcJs.CallOptions,
    callback: (error: GrpcJs.ServiceError | null, response?: productV1.GetProductResponse) => void,
  ): GrpcJs.ClientUnaryCall;
}

/** A grpc-js client built like @acme/grpc-client's: makeGenericClientConstructor over proto-loader. */
export function grpcJsProductClient(port: number): ProductGrpcJsClient {
  const definitions = loadSync(protoPath(productV1.SERVICE_PROTO), LOADER_OPTIONS);
  const service = definitions[`${productV1.PACKAGE}.ProductService`] as GrpcJs.ServiceDefinition;
  const ClientConstructor = grpc.makeGenericClientConstructor(service, 'ProductService');
  return new ClientConstructor(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as ProductGrpcJsClient;
}

/**
 * grpc.health.v1 as the system runs it: the project's HealthService on a grpc-js server (as
 * bootstrapGrpcService adds it) and its HealthCheckClient (as the gateway's readiness calls it).
 */
export async function startHealthCheckServer(): Promise<{ check(): Promise<string>; close(): void }> {
  const health = new HealthService();
  health.setServing();
  const server = new grpc.Server();
  health.addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  const client = new HealthCheckClient(`127.0.0.1:${port}`);
  return {
    check: () => client.check(),
    close: () => {
      client.close();
      health.shutdown();
      server.forceShutdown();
    },
  };
}
