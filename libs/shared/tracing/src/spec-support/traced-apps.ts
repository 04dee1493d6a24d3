// Apps and clients for start-tracing.spec.ts. The spec imports this module only after
// startTracing, as an app's main.ts imports its modules after instrument.ts: NestJS, grpc-js and
// pg must load after the SDK for their instrumentation to apply.
import { createRequire } from 'node:module';
import { Controller, Get, Module, Param, type INestApplication, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GrpcMethod, Transport } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { loadSync } from '@grpc/proto-loader';
import type * as GrpcJs from '@grpc/grpc-js';
import type * as Pg from 'pg';
import { type Client, createChannel, createClient } from 'nice-grpc';
import { from, type Observable } from 'rxjs';
import { PROTO_DIR, productV1, protoPath } from '@acme/contracts';
import { freePort } from '@acme/testing';
import { currentSpanId, currentTraceId } from '../span-ids';

// Loaded with require, as the compiled CommonJS apps do, so require-in-the-middle patches them.
const requireModule = createRequire(__filename);
export const grpc = requireModule('@grpc/grpc-js') as typeof GrpcJs;
export const pg = requireModule('pg') as typeof Pg;

/** The trace and span ids each handler saw, in call order. */
export const seenInHandlers: { traceId?: string; spanId?: string }[] = [];

function remember(): void {
  seenInHandlers.push({ traceId: currentTraceId(), spanId: currentSpanId() });
}

@Controller()
class ProductStubController {
  @GrpcMethod('ProductService', 'GetProduct')
  getProduct(request: productV1.GetProductRequest): productV1.GetProductResponse {
    remember();
    return { product: { id: request.id, sku: 'SKU', name: 'n', description: '', priceCents: 1, currency: 'USD', stock: 1, createTime: undefined, updateTime: undefined } };
  }

  @GrpcMethod('ProductService', 'WatchStock')
  watchStock(request: productV1.WatchStockRequest): Observable<productV1.WatchStockResponse> {
    remember();
    return from([1, 2].map((stock) => ({ productId: request.productId, stock, updateTime: undefined })));
  }
}

@Controller('hello')
class HelloController {
  @Get(':name')
  hello(@Param('name') name: string): { name: string; traceId?: string } {
    remember();
    return { name, traceId: currentTraceId() };
  }
}

@Module({ controllers: [ProductStubController] })
class GrpcAppModule {}

@Module({ controllers: [HelloController] })
class HttpAppModule {}

const LOADER_OPTIONS = { keepCase: false, longs: Number, enums: Number, defaults: true, arrays: true, objects: true, oneofs: true, includeDirs: [PROTO_DIR] };

export { freePort };

export async function startGrpcApp(port: number): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(GrpcAppModule, {
    transport: Transport.GRPC,
    logger: false,
    options: { package: productV1.PACKAGE, protoPath: protoPath(productV1.SERVICE_PROTO), url: `127.0.0.1:${port}`, loader: LOADER_OPTIONS },
  });
  await app.listen();
  return app;
}

export async function startHttpApp(): Promise<{ app: INestApplication; url: string }> {
  const app = await NestFactory.create(HttpAppModule, new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

/** The two methods the spec calls, as grpc-js generic clients expose them. */
export interface ProductGrpcJsClient extends GrpcJs.Client {
  getProduct(
    request: productV1.GetProductRequest,
    metadata: GrpcJs.Metadata,
    options: GrpcJs.CallOptions,
    callback: (error: GrpcJs.ServiceError | null, response?: productV1.GetProductResponse) => void,
  ): GrpcJs.ClientUnaryCall;
  watchStock(request: productV1.WatchStockRequest): GrpcJs.ClientReadableStream<productV1.WatchStockResponse>;
}

/** A grpc-js client built like @acme/grpc-client's: makeGenericClientConstructor over proto-loader. */
export function grpcJsProductClient(port: number): ProductGrpcJsClient {
  const definitions = loadSync(protoPath(productV1.SERVICE_PROTO), LOADER_OPTIONS);
  const service = definitions[`${productV1.PACKAGE}.ProductService`] as GrpcJs.ServiceDefinition;
  const ClientConstructor = grpc.makeGenericClientConstructor(service, 'ProductService');
  return new ClientConstructor(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as ProductGrpcJsClient;
}

/** A nice-grpc client over the ts-proto generic definition, and a way to close its channel. */
export function niceGrpcProductClient(port: number): { client: Client<productV1.ProductServiceDefinition>; close(): void } {
  const channel = createChannel(`127.0.0.1:${port}`);
  return { client: createClient(productV1.ProductServiceDefinition, channel), close: () => channel.close() };
}

/** A bare grpc-js server answering grpc.health.v1.Health/Check (empty messages), and a client for it. */
export async function startHealthCheckServer(): Promise<{ check(): Promise<void>; close(): void }> {
  const passthrough = { requestSerialize: (value: Buffer) => value, requestDeserialize: (value: Buffer) => value, responseSerialize: (value: Buffer) => value, responseDeserialize: (value: Buffer) => value };
  const definition = { check: { path: '/grpc.health.v1.Health/Check', requestStream: false, responseStream: false, ...passthrough } };
  const server = new grpc.Server();
  server.addService(definition, { check: (_call: unknown, callback: (error: null, response: Buffer) => void) => callback(null, Buffer.from([8, 1])) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  const Health = grpc.makeGenericClientConstructor(definition, 'Health');
  const client = new Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as GrpcJs.Client & {
    check(request: Buffer, callback: (error: GrpcJs.ServiceError | null) => void): void;
  };
  return {
    check: () => new Promise<void>((resolve, reject) => client.check(Buffer.alloc(0), (error) => (error ? reject(error) : resolve()))),
    close: () => {
      client.close();
      server.forceShutdown();
    },
  };
}
