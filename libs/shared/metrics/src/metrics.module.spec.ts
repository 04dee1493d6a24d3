import { Module, type INestApplication, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { promtoolCheckMetrics, sample } from '@acme/testing';
import { MetricsModule } from './metrics.module';
import { MetricsServer } from './metrics.server';
import { Metrics } from './metrics.service';

describe('MetricsModule', () => {
  let app: INestApplicationContext | INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('serves a separate /metrics port for a gRPC service, with RED and runtime metrics that promtool accepts', async () => {
    @Module({ imports: [MetricsModule.forRoot({ service: 'product-service', port: 0, host: '127.0.0.1' })] })
    class ServiceModule {}
    app = await NestFactory.createApplicationContext(ServiceModule, { logger: false });
    await app.init();
    const { port } = app.get(MetricsServer);
    const metrics = app.get(Metrics);
    const scrape = async (): Promise<string> => {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      return response.text();
    };

    const before = await scrape();
    const product = { service: 'product-service', grpc_service: 'acme.product.v1.ProductService' };
    const handled = (grpc_method: string, grpc_code: string) =>
      ({ ...product, grpc_method, grpc_type: grpc_method === 'WatchStock' ? 'server_stream' : 'unary', grpc_code });
    expect(sample(before, 'grpc_server_handled_total', handled('GetProduct', 'OK'))).toBeUndefined();

    const finishOk = metrics.startGrpcCall({ service: product.grpc_service, method: 'GetProduct', type: 'unary' });
    const finishStream = metrics.startGrpcCall({ service: product.grpc_service, method: 'WatchStock', type: 'server_stream' });
    const streams = { ...product, grpc_method: 'WatchStock', grpc_type: 'server_stream' };
    expect(sample(await scrape(), 'grpc_server_in_flight', streams)).toBe(1);
    finishOk(GrpcStatus.OK);
    finishOk(GrpcStatus.INTERNAL); // a second report of the same call is ignored
    finishStream(GrpcStatus.CANCELLED);
    metrics.startGrpcCall({ service: product.grpc_service, method: 'GetProduct', type: 'unary' })(GrpcStatus.NOT_FOUND);
    metrics.recordClientCall({ service: 'acme.user.v1.UserService', method: 'GetUser', code: GrpcStatus.UNAVAILABLE, durationSeconds: 0.2 });
    metrics.setClientChannels('dns:///user-service:50051', 1);
    metrics.startHttpRequest('GET', '/v1/orders/:id')(404);

    const after = await scrape();
    expect(sample(after, 'grpc_server_handled_total', handled('GetProduct', 'OK'))).toBe(1);
    expect(sample(after, 'grpc_server_handled_total', handled('GetProduct', 'NOT_FOUND'))).toBe(1);
    expect(sample(after, 'grpc_server_handled_total', handled('GetProduct', 'INTERNAL'))).toBeUndefined();
    expect(sample(after, 'grpc_server_handled_total', handled('WatchStock', 'CANCELLED'))).toBe(1);
    expect(sample(after, 'grpc_server_in_flight', streams)).toBe(0);
    expect(sample(after, 'grpc_server_handling_seconds_count', { ...product, grpc_method: 'GetProduct', grpc_type: 'unary' })).toBe(2);
    const user = { service: 'product-service', grpc_service: 'acme.user.v1.UserService', grpc_method: 'GetUser' };
    expect(sample(after, 'grpc_client_handled_total', { ...user, grpc_code: 'UNAVAILABLE' })).toBe(1);
    expect(sample(after, 'grpc_client_handling_seconds_sum', user)).toBeCloseTo(0.2);
    expect(sample(after, 'grpc_client_channels', { service: 'product-service', target: 'dns:///user-service:50051' })).toBe(1);
    expect(sample(after, 'http_server_requests_total', { service: 'product-service', method: 'GET', route: '/v1/orders/:id', status_code: '404' })).toBe(1);
    expect(sample(after, 'process_cpu_seconds_total', { service: 'product-service' })).toBeGreaterThan(0);
    expect(sample(after, 'nodejs_eventloop_lag_seconds', { service: 'product-service' })).toBeGreaterThanOrEqual(0);
    await promtoolCheckMetrics(after);

    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    await app.close();
    app = undefined;
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('serves /metrics from the app itself when no port is given (the gateway)', async () => {
    @Module({ imports: [MetricsModule.forRoot({ service: 'gateway' })] })
    class GatewayModule {}
    const gateway = await NestFactory.create(GatewayModule, new FastifyAdapter(), { logger: false });
    app = gateway;
    await gateway.listen(0, '127.0.0.1');
    expect(() => gateway.get(MetricsServer)).toThrow();

    const response = await fetch(`${await gateway.getUrl()}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(sample(text, 'process_cpu_seconds_total', { service: 'gateway' })).toBeGreaterThan(0);
    await promtoolCheckMetrics(text);
  });
});
