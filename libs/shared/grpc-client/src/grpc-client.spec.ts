import { Metadata, type ServerUnaryCall, type ServerWritableStream, status as GrpcStatus } from '@grpc/grpc-js';
import { Controller, type INestMicroservice } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { type MicroserviceOptions } from '@nestjs/microservices';
import { Module } from '@nestjs/common';
import { interval, map, Observable } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { productV1 } from '@acme/contracts';
import { CallContext } from '@acme/context';
import { DomainError, RemoteError } from '@acme/errors';
import { GrpcExceptionFilter, grpcServerOptions } from '@acme/grpc-server';
import { freePort, waitFor } from '@acme/testing';
import { createGrpcChannel } from './create-grpc-channel';
import { createGrpcClient } from './create-grpc-client';
import { type GrpcClient } from './service-definition';

/** The channel's retry policy of UNAVAILABLE, shortened for the specs. */
const RETRY = { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 50 };

// What the stub server saw, reset per test.
/** A valid CreateProduct request, for the write-path cases. */
const NEW_PRODUCT = { sku: 's', name: 'n', description: '', priceCents: 1, currency: 'EUR', stock: 1 };

const seen = {
  calls: new Map<string, number>(),
  deadline: 0,
  watchCancelled: false,
  imported: 0,
  failNext: new Map<string, DomainError | Error>(),
  // How many calls in a row fail with failNext's error (default 1).
  failTimes: new Map<string, number>(),
  // Methods whose next failure comes after response headers, when grpc-js has committed the call.
  headersBeforeFailure: new Set<string>(),
};
const count = (method: string): void => void seen.calls.set(method, (seen.calls.get(method) ?? 0) + 1);
const failIfAsked = (method: string, call?: ServerUnaryCall<unknown, unknown>): void => {
  const failure = seen.failNext.get(method);
  if (failure) {
    const left = (seen.failTimes.get(method) ?? 1) - 1;
    seen.failTimes.set(method, left);
    if (left <= 0) seen.failNext.delete(method);
    if (seen.headersBeforeFailure.delete(method)) call?.sendMetadata(new Metadata());
    throw failure;
  }
};
const product = (id: string): productV1.Product => ({
  id,
  sku: 'SKU-1',
  name: 'n',
  description: '',
  priceCents: 1250,
  currency: 'EUR',
  stock: 3,
  createTime: { seconds: 1, nanos: 0 },
  updateTime: { seconds: 1, nanos: 0 },
});

@Controller()
@productV1.ProductServiceControllerMethods()
class StubProductController implements productV1.ProductServiceController {
  getProduct(request: productV1.GetProductRequest, _metadata: Metadata, call: ServerUnaryCall<unknown, unknown>): productV1.GetProductResponse {
    count('getProduct');
    seen.deadline = new Date(call.getDeadline()).getTime();
    failIfAsked('getProduct', call);
    if (request.id === 'missing') {
      throw new DomainError(GrpcStatus.NOT_FOUND, 'PRODUCT_NOT_FOUND', 'product missing not found', { domain: 'product.acme.dev', metadata: { product_id: 'missing' } });
    }
    if (request.id === 'boom') throw new Error('db password=hunter2 leaked?');
    return { product: product(request.id) };
  }
  createProduct(_request: productV1.CreateProductRequest, _metadata: Metadata, call: ServerUnaryCall<unknown, unknown>): productV1.CreateProductResponse {
    count('createProduct');
    failIfAsked('createProduct', call);
    return { product: product('new') };
  }
  listProducts(): productV1.ListProductsResponse {
    return { products: [], nextPageToken: '' };
  }
  reserveStock(request: productV1.ReserveStockRequest): productV1.ReserveStockResponse {
    return { orderId: request.orderId, items: [] };
  }
  releaseStock(request: productV1.ReleaseStockRequest): productV1.ReleaseStockResponse {
    return { orderId: request.orderId, releasedItems: [] };
  }
  watchStock(request: productV1.WatchStockRequest, _metadata: Metadata, call: ServerWritableStream<unknown, unknown>): Observable<productV1.WatchStockResponse> {
    call.on('cancelled', () => (seen.watchCancelled = true));
    return interval(5).pipe(map((n) => ({ productId: request.productId, stock: n, updateTime: undefined })));
  }
  importProducts(requests: Observable<productV1.ImportProductsRequest>): Observable<productV1.ImportProductsResponse> {
    return new Observable((subscriber) =>
      requests.subscribe({
        next: () => void seen.imported++,
        complete: () => {
          subscriber.next({ created: seen.imported, failed: [] });
          subscriber.complete();
        },
        error: (error: unknown) => subscriber.error(error),
      }),
    );
  }
}

@Module({ controllers: [StubProductController], providers: [{ provide: APP_FILTER, useValue: new GrpcExceptionFilter('product.acme.dev') }] })
class StubModule {}

describe('createGrpcClient against a real Nest gRPC server', () => {
  let app: INestMicroservice;
  let client: GrpcClient<typeof productV1.ProductServiceDefinition>;

  beforeAll(async () => {
    const port = await freePort();
    app = await NestFactory.createMicroservice<MicroserviceOptions>(
      StubModule,
      { ...grpcServerOptions({ url: `127.0.0.1:${port}`, protoFiles: [productV1.SERVICE_PROTO], packages: [productV1.PACKAGE] }), logger: false },
    );
    await app.listen();
    const channel = createGrpcChannel(`127.0.0.1:${port}`, { definitions: [productV1.ProductServiceDefinition], retry: RETRY });
    client = createGrpcClient(productV1.ProductServiceDefinition, channel, { defaultTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => {
    seen.calls.clear();
    seen.failNext.clear();
    seen.failTimes.clear();
    seen.headersBeforeFailure.clear();
  });

  it('returns typed responses', async () => {
    await expect(client.getProduct({ id: 'p1' })).resolves.toMatchObject({ product: { id: 'p1', priceCents: 1250, currency: 'EUR' } });
  });

  it('gets the callee\'s reason, domain and metadata back', async () => {
    const error = await client.getProduct({ id: 'missing' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({
      status: GrpcStatus.NOT_FOUND,
      reason: 'PRODUCT_NOT_FOUND',
      domain: 'product.acme.dev',
      metadata: { product_id: 'missing' },
      method: '/acme.product.v1.ProductService/GetProduct',
    });
  });

  it('turns an unexpected exception into INTERNAL without its message', async () => {
    const error = (await client.getProduct({ id: 'boom' }).catch((e: unknown) => e)) as RemoteError;
    expect(error.status).toBe(GrpcStatus.INTERNAL);
    expect(error.reason).toBe('INTERNAL');
    expect(error.message).toBe('internal error');
  });

  it('passes the caller\'s remaining budget, never a fresh one', async () => {
    const deadline = Date.now() + 800;
    await CallContext.run({ deadline: new Date(deadline) }, () => client.getProduct({ id: 'p1' }));
    // The server sees the inherited deadline (grpc-timeout has millisecond resolution).
    expect(Math.abs(seen.deadline - deadline)).toBeLessThan(100);

    const started = Date.now();
    await client.getProduct({ id: 'p1' });
    expect(seen.deadline - started).toBeGreaterThan(4_000);
  });

  it('retries an idempotent read that failed with UNAVAILABLE', async () => {
    seen.failNext.set('getProduct', new DomainError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'db down'));
    await expect(client.getProduct({ id: 'p1' })).resolves.toMatchObject({ product: { id: 'p1' } });
    expect(seen.calls.get('getProduct')).toBe(2);
  });

  it('asks an idempotent read once more when UNAVAILABLE came after the response headers, which grpc-js never retries', async () => {
    seen.headersBeforeFailure.add('getProduct');
    seen.failNext.set('getProduct', new DomainError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'killed mid-response'));
    await expect(client.getProduct({ id: 'p2' })).resolves.toMatchObject({ product: { id: 'p2' } });
    expect(seen.calls.get('getProduct')).toBe(2);
  });

  it('does not ask a write again after such a failure', async () => {
    seen.headersBeforeFailure.add('createProduct');
    seen.failNext.set('createProduct', new DomainError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'killed mid-response'));
    await expect(client.createProduct(NEW_PRODUCT)).rejects.toMatchObject({ status: GrpcStatus.UNAVAILABLE });
    expect(seen.calls.get('createProduct')).toBe(1);
  });

  it('does not repeat a read that grpc-js already retried (failures before headers)', async () => {
    seen.failNext.set('getProduct', new DomainError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'db down'));
    seen.failTimes.set('getProduct', 10);
    // grpc-js's attempts and not one more: an outage is not amplified.
    await expect(client.getProduct({ id: 'p3' })).rejects.toMatchObject({ status: GrpcStatus.UNAVAILABLE });
    expect(seen.calls.get('getProduct')).toBe(RETRY.maxAttempts);
  });

  it('does not retry a write', async () => {
    seen.failNext.set('createProduct', new DomainError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'db down'));
    await expect(client.createProduct(NEW_PRODUCT)).rejects.toMatchObject({ status: GrpcStatus.UNAVAILABLE });
    expect(seen.calls.get('createProduct')).toBe(1);
  });

  it('streams from the server and cancels the call when the consumer stops', async () => {
    seen.watchCancelled = false;
    const received: number[] = [];
    for await (const update of client.watchStock({ productId: 'p1' })) {
      received.push(update.stock);
      if (received.length === 3) break;
    }
    expect(received).toEqual([0, 1, 2]);
    await waitFor(() => seen.watchCancelled, { what: 'server to see the cancellation' });
  });

  it('streams to the server', async () => {
    seen.imported = 0;
    async function* requests(): AsyncGenerator<productV1.ImportProductsRequest> {
      for (let line = 1; line <= 2_000; line++) {
        yield { line, product: { sku: `S${line}`, name: 'n', description: '', priceCents: 1, currency: 'EUR', stock: 0 } };
      }
    }
    await expect(client.importProducts(requests())).resolves.toEqual({ created: 2_000, failed: [], failedCount: 0 });
  });
});
