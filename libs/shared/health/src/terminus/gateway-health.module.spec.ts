import 'reflect-metadata';
import { StaticDiscovery } from '@acme/registry';
import { type Server } from '@grpc/grpc-js';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthService } from '../grpc/health.service';
import { silentLogger, startHealthServer } from '../spec/grpc-server.spec-helper';
import { GatewayHealthModule } from './gateway-health.module';

const PRODUCT = 'acme.product.v1.ProductService';

describe('GatewayHealthModule (/health/live, /health/ready)', () => {
  const health = new HealthService({ services: [PRODUCT], logger: silentLogger });
  let server: Server;
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    const started = await startHealthServer(health);
    server = started.server;
    const discovery = new StaticDiscovery({ 'product-service': started.target });

    @Module({
      imports: [
        GatewayHealthModule.forRootAsync({
          useFactory: () => ({
            readiness: ({ grpc, registry }) => [
              () => grpc.check('product-service', started.target, { service: PRODUCT, timeoutMs: 500 }),
              () => registry.check('registry', discovery, ['product-service']),
            ],
          }),
        }),
      ],
    })
    class GatewayTestModule {}

    app = await NestFactory.create<NestFastifyApplication>(GatewayTestModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
    health.shutdown();
    server.forceShutdown();
  });

  async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${url}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('live answers 200 whatever the downstreams do', async () => {
    expect(await get('/health/live')).toEqual({ status: 200, body: { status: 'ok', info: {}, error: {}, details: {} } });
  });

  it('ready answers 503 while a downstream is NOT_SERVING', async () => {
    const { status, body } = await get('/health/ready');
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'error',
      error: { 'product-service': { status: 'down', servingStatus: 'NOT_SERVING' } },
      info: { registry: { status: 'up', instances: { 'product-service': 1 } } },
    });
  });

  it('ready answers 200 once the downstream serves', async () => {
    await health.start();
    const { status, body } = await get('/health/ready');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', details: { 'product-service': { status: 'up', servingStatus: 'SERVING' } } });
  });

  it('ready answers 503 when the downstream is unreachable', async () => {
    server.forceShutdown();
    const { status, body } = await get('/health/ready');
    expect(status).toBe(503);
    expect(body).toMatchObject({ error: { 'product-service': { status: 'down', code: 'UNAVAILABLE' } } });
  });
});
