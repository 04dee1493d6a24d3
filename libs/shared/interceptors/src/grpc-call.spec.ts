import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { type INestMicroservice } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promtoolCheckMetrics, sample } from '@acme/testing';
import { setOtelEnv, shutdownTracing, startTracing } from '@acme/tracing';
import type * as GrpcApp from './spec-support/grpc-app';
import { LogCapture, type LogLine } from './spec-support/log-capture';
import { observed } from './spec-support/product-stub.controller';

// A real Nest gRPC microservice with LoggingModule, MetricsModule and InterceptorsModule, called
// over the network by a grpc-js client: the interceptors must run for unary, server-streaming and
// client-streaming handlers (NestJS has had gaps applying global interceptors to gRPC).
describe('InterceptorsModule on gRPC calls', () => {
  const logs = new LogCapture();
  let app: INestMicroservice;
  let metricsPort: number;
  let client: GrpcApp.ProductClient;
  let grpcApp: typeof GrpcApp;

  beforeAll(async () => {
    setOtelEnv();
    startTracing({ serviceName: 'product-service', serviceVersion: '0.0.1' });
    grpcApp = await import('./spec-support/grpc-app');
    const started = await grpcApp.startProductService(logs);
    app = started.app;
    metricsPort = started.metricsPort;
    client = grpcApp.productClient(started.port);
  });

  afterAll(async () => {
    client.close();
    await app.close();
    await shutdownTracing();
  });

  const callLine = (requestId: string): Promise<LogLine> =>
    logs.waitFor((line) => line['request_id'] === requestId && String(line['msg']).startsWith('grpc call'));

  function getProduct(id: string, requestId: string, timeoutMs = 5_000, traceparent?: string): Promise<{ error?: ServiceError; deadline: Date }> {
    const deadline = new Date(Date.now() + timeoutMs);
    const metadata = grpcApp.withRequestId(requestId);
    if (traceparent !== undefined) metadata.set('traceparent', traceparent);
    return new Promise((resolve) => client.getProduct({ id }, metadata, { deadline }, (error) => resolve({ error: error ?? undefined, deadline })));
  }

  it('runs a unary handler in the call context and its server span, and writes one line with the trace id', async () => {
    const traceId = '6bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpanId = '00f067aa0ba902b7';
    const { error, deadline } = await getProduct('p-1', 'unary-ok', 5_000, `00-${traceId}-${callerSpanId}-01`);
    expect(error).toBeUndefined();

    const seen = observed.contexts.at(-1);
    expect(Math.abs((seen?.deadline?.getTime() ?? 0) - deadline.getTime())).toBeLessThan(2_000);
    expect(seen?.signal?.aborted).toBe(false);
    expect(seen?.requestId).toBe('unary-ok');

    const line = await callLine('unary-ok');
    expect(line).toMatchObject({
      level: 'info',
      msg: 'grpc call completed',
      service: 'product-service',
      version: '0.0.1',
      context: 'GrpcCall',
      grpc_service: 'acme.product.v1.ProductService',
      grpc_method: 'GetProduct',
      grpc_type: 'unary',
      grpc_code: 'OK',
      trace_id: traceId,
    });
    expect(line['duration_ms']).toEqual(expect.any(Number));
    // The server span's own id, not the caller's: the handler ran (and logged) inside it.
    expect(line['span_id']).toMatch(/^[0-9a-f]{16}$/);
    expect(line['span_id']).not.toBe(callerSpanId);
    expect(observed.spans.at(-1)).toEqual({ traceId, spanId: line['span_id'] });
    expect(logs.lines.filter((candidate) => candidate['request_id'] === 'unary-ok' && candidate['grpc_code'] !== undefined)).toHaveLength(1);
  });

  it('runs a server-streaming handler in the call context', async () => {
    const deadline = new Date(Date.now() + 5_000);
    const stream = client.watchStock({ productId: 'p-2' }, grpcApp.withRequestId('stream-ok'), { deadline });
    const stocks: number[] = [];
    for await (const update of stream) stocks.push((update as { stock: number }).stock);
    expect(stocks).toEqual([3, 2, 1]);
    expect(Math.abs((observed.contexts.at(-1)?.deadline?.getTime() ?? 0) - deadline.getTime())).toBeLessThan(2_000);
    expect(await callLine('stream-ok')).toMatchObject({ grpc_method: 'WatchStock', grpc_type: 'server_stream', grpc_code: 'OK' });
  });

  it('runs a client-streaming handler in the call context', async () => {
    const deadline = new Date(Date.now() + 5_000);
    const created = await new Promise<number | undefined>((resolve, reject) => {
      const upload = client.importProducts(grpcApp.withRequestId('upload-ok'), { deadline }, (error, response) => (error ? reject(error) : resolve(response?.created)));
      upload.write({ line: 1, product: undefined });
      upload.write({ line: 2, product: undefined });
      upload.end();
    });
    expect(created).toBe(2);
    expect(observed.contexts.at(-1)?.requestId).toBe('upload-ok');
    expect(Math.abs((observed.contexts.at(-1)?.deadline?.getTime() ?? 0) - deadline.getTime())).toBeLessThan(2_000);
    expect(await callLine('upload-ok')).toMatchObject({ grpc_method: 'ImportProducts', grpc_type: 'client_stream', grpc_code: 'OK' });
  });

  it('logs an expected failure with its reason and no stack', async () => {
    const { error } = await getProduct('missing', 'not-found');
    expect(error?.code).toBe(GrpcStatus.NOT_FOUND);
    const line = await callLine('not-found');
    expect(line).toMatchObject({ level: 'info', msg: 'grpc call failed', grpc_code: 'NOT_FOUND', reason: 'PRODUCT_NOT_FOUND' });
    expect(line['err']).toBeUndefined();
  });

  it('logs an unexpected failure at error level with its stack, which the client never sees', async () => {
    const { error } = await getProduct('crash', 'crash');
    expect(error?.code).toBe(GrpcStatus.INTERNAL);
    expect(error?.details).not.toContain('exploded');
    const line = await callLine('crash');
    expect(line).toMatchObject({ level: 'error', grpc_code: 'INTERNAL', reason: 'INTERNAL', err: { message: 'database exploded at 0x1f' } });
    expect((line['err'] as { stack: string }).stack).toContain('product-stub.controller');
  });

  it('aborts the signal when the client cancels a stream, and logs CANCELLED', async () => {
    const stream = client.watchStock({ productId: 'forever' }, grpcApp.withRequestId('cancelled'), {});
    const ended = new Promise<ServiceError>((resolve) => stream.on('error', resolve));
    await new Promise((resolve) => stream.once('data', resolve));
    stream.cancel();
    expect((await ended).code).toBe(GrpcStatus.CANCELLED);
    expect(await callLine('cancelled')).toMatchObject({ level: 'info', grpc_method: 'WatchStock', grpc_code: 'CANCELLED' });
    expect(observed.abortReasons.at(-1)).toBe('AbortError');
  });

  it('aborts the signal with a TimeoutError when the deadline passes during the handler', async () => {
    const { error } = await getProduct('slow', 'too-slow', 300);
    expect(error?.code).toBe(GrpcStatus.DEADLINE_EXCEEDED);
    expect(await callLine('too-slow')).toMatchObject({ level: 'warn', grpc_code: 'DEADLINE_EXCEEDED', reason: 'DEADLINE_EXCEEDED' });
    expect(observed.abortReasons.at(-1)).toBe('TimeoutError');
  });

  it('refuses to start a handler whose deadline already passed', async () => {
    const { error } = await new Promise<{ error?: ServiceError }>((resolve) =>
      client.releaseStock({ orderId: 'o-1' }, grpcApp.withRequestId('late'), { deadline: new Date(Date.now() + 200) }, (failure) => resolve({ error: failure ?? undefined })),
    );
    expect(error?.code).toBe(GrpcStatus.DEADLINE_EXCEEDED);
    expect(await callLine('late')).toMatchObject({ grpc_method: 'ReleaseStock', grpc_code: 'DEADLINE_EXCEEDED', reason: 'DEADLINE_EXCEEDED' });
    expect(observed.guardedHandlerRan).toBe(false);
  });

  it('counts every call by method and status on /metrics, in a format promtool accepts', async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    const text = await response.text();
    const handled = (grpc_method: string, grpc_type: string, grpc_code: string): number | undefined =>
      sample(text, 'grpc_server_handled_total', { service: 'product-service', grpc_service: 'acme.product.v1.ProductService', grpc_method, grpc_type, grpc_code });
    expect(handled('GetProduct', 'unary', 'OK')).toBe(1);
    expect(handled('GetProduct', 'unary', 'NOT_FOUND')).toBe(1);
    expect(handled('GetProduct', 'unary', 'INTERNAL')).toBe(1);
    expect(handled('GetProduct', 'unary', 'DEADLINE_EXCEEDED')).toBe(1);
    expect(handled('WatchStock', 'server_stream', 'OK')).toBe(1);
    expect(handled('WatchStock', 'server_stream', 'CANCELLED')).toBe(1);
    expect(handled('ImportProducts', 'client_stream', 'OK')).toBe(1);
    expect(handled('ReleaseStock', 'unary', 'DEADLINE_EXCEEDED')).toBe(1);
    const getProductLabels = { service: 'product-service', grpc_service: 'acme.product.v1.ProductService', grpc_method: 'GetProduct', grpc_type: 'unary' };
    expect(sample(text, 'grpc_server_handling_seconds_count', getProductLabels)).toBe(4);
    expect(sample(text, 'grpc_server_in_flight', getProductLabels)).toBe(0);
    expect(sample(text, 'grpc_server_in_flight', { ...getProductLabels, grpc_method: 'WatchStock', grpc_type: 'server_stream' })).toBe(0);
    await promtoolCheckMetrics(text);
  });
});
