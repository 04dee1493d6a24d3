// The gRPC service and client of grpc-call.spec.ts, imported after startTracing as an app's
// modules are after its instrument.ts.
import { createRequire } from 'node:module';
import { Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { type INestMicroservice } from '@nestjs/common';
import { Transport } from '@nestjs/microservices';
import { loadSync } from '@grpc/proto-loader';
import type * as GrpcJs from '@grpc/grpc-js';
import { type DestinationStream } from 'pino';
import { PROTO_DIR, productV1, protoPath } from '@acme/contracts';
import { LoggingModule } from '@acme/logging';
import { MetricsModule, MetricsServer } from '@acme/metrics';
import { freePort } from '@acme/testing';
import { InterceptorsModule } from '../interceptors.module';
import { ProductStubController, StatusFilter } from './product-stub.controller';

// Required like the compiled apps require it, so the gRPC instrumentation patches it.
export const grpc = createRequire(__filename)('@grpc/grpc-js') as typeof GrpcJs;

const LOADER_OPTIONS = { keepCase: false, longs: Number, enums: Number, defaults: true, arrays: true, objects: true, oneofs: true, includeDirs: [PROTO_DIR] };

export async function startProductService(destination: DestinationStream): Promise<{ app: INestMicroservice; port: number; metricsPort: number }> {
  @Module({
    imports: [
      LoggingModule.forRoot({ service: 'product-service', version: '0.0.1', level: 'info', pretty: false, destination }),
      MetricsModule.forRoot({ service: 'product-service', port: 0, host: '127.0.0.1' }),
      InterceptorsModule,
    ],
    controllers: [ProductStubController],
    providers: [{ provide: APP_FILTER, useClass: StatusFilter }],
  })
  class ProductServiceModule {}

  const port = await freePort();
  const app = await NestFactory.createMicroservice(ProductServiceModule, {
    transport: Transport.GRPC,
    logger: false,
    options: { package: productV1.PACKAGE, protoPath: protoPath(productV1.SERVICE_PROTO), url: `127.0.0.1:${port}`, loader: LOADER_OPTIONS },
  });
  await app.listen();
  return { app, port, metricsPort: app.get(MetricsServer).port };
}

type Callback<T> = (error: GrpcJs.ServiceError | null, response?: T) => void;

/** The product methods the spec calls, on a grpc-js generic client (as @acme/grpc-client builds them). */
export interface ProductClient extends GrpcJs.Client {
  getProduct(request: productV1.GetProductRequest, metadata: GrpcJs.Metadata, options: GrpcJs.CallOptions, callback: Callback<productV1.GetProductResponse>): GrpcJs.ClientUnaryCall;
  releaseStock(request: productV1.ReleaseStockRequest, metadata: GrpcJs.Metadata, options: GrpcJs.CallOptions, callback: Callback<productV1.ReleaseStockResponse>): GrpcJs.ClientUnaryCall;
  watchStock(request: productV1.WatchStockRequest, metadata: GrpcJs.Metadata, options: GrpcJs.CallOptions): GrpcJs.ClientReadableStream<productV1.WatchStockResponse>;
  importProducts(metadata: GrpcJs.Metadata, options: GrpcJs.CallOptions, callback: Callback<productV1.ImportProductsResponse>): GrpcJs.ClientWritableStream<productV1.ImportProductsRequest>;
}

export function productClient(port: number): ProductClient {
  const definitions = loadSync(protoPath(productV1.SERVICE_PROTO), LOADER_OPTIONS);
  const service = definitions[`${productV1.PACKAGE}.ProductService`] as GrpcJs.ServiceDefinition;
  const Client = grpc.makeGenericClientConstructor(service, 'ProductService');
  return new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as ProductClient;
}

/** Metadata carrying the edge's request id, as the gateway sends it. */
export function withRequestId(requestId: string): GrpcJs.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set('x-request-id', requestId);
  return metadata;
}
