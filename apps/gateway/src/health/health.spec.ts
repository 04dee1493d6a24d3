import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayHarness } from '../spec/gateway.spec-helper';
import { bearer, json } from '../spec/http.spec-helper';

describe('operational endpoints: health and metrics', () => {
  let gateway: GatewayHarness;

  beforeAll(async () => {
    gateway = await GatewayHarness.start();
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('/health/live answers 200 in Terminus format, whatever the backends do', async () => {
    const live = await gateway.fetch('/health/live');
    expect(live.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json(live)).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('/health/ready checks every backend over grpc.health.v1 and the registry', async () => {
    const ready = await json(await gateway.fetch('/health/ready'));
    expect(ready).toMatchObject({
      status: 200,
      body: {
        status: 'ok',
        details: {
          'user-service': { status: 'up', servingStatus: 'SERVING' },
          'product-service': { status: 'up', servingStatus: 'SERVING' },
          'order-service': { status: 'up', servingStatus: 'SERVING' },
          'registry': { status: 'up', instances: { 'user-service': 1, 'product-service': 1, 'order-service': 1 } },
        },
      },
    });
  });

  it('/health/ready answers 503 while a backend is NOT_SERVING, and 200 again once it serves', async () => {
    const product = gateway.stubs.health.product;
    product.setNotServing();
    try {
      const notReady = await gateway.fetch('/health/ready');
      expect(notReady.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await json(notReady)).toMatchObject({
        status: 503,
        body: { status: 'error', error: { 'product-service': { status: 'down', servingStatus: 'NOT_SERVING' } } },
      });
    } finally {
      product.setServing();
    }
    expect((await gateway.fetch('/health/ready')).status).toBe(200);
    expect((await gateway.fetch('/health/live')).status).toBe(200);
  });

  it('/metrics serves Prometheus text with the HTTP and gRPC client RED metrics, moving with traffic', async () => {
    const product = gateway.stubs.seedProduct();
    const token = await gateway.tokenFor({ id: randomUUID(), email: 'm@example.com' });
    for (let i = 0; i < 3; i++) expect((await gateway.fetch(`/v1/products/${product.id}`)).status).toBe(200);
    expect((await gateway.fetch('/v1/orders', { headers: bearer(token) })).status).toBe(200);

    const response = await gateway.fetch('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const value = (pattern: RegExp): number => Number(pattern.exec(text)?.[1] ?? Number.NaN);
    expect(value(/^http_server_requests_total\{[^}]*route="\/v1\/products\/:id"[^}]*status_code="200"[^}]*\} (\d+)$/m)).toBeGreaterThanOrEqual(3);
    expect(value(/^grpc_client_handled_total\{[^}]*grpc_method="GetProduct"[^}]*grpc_code="OK"[^}]*\} (\d+)$/m)).toBeGreaterThanOrEqual(3);
    expect(value(/^grpc_client_handled_total\{[^}]*grpc_method="ListOrders"[^}]*\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^process_cpu_seconds_total/m);
    expect(value(/^grpc_client_channels\{[^}]*target="127\.0\.0\.1:\d+"[^}]*\} (\d+)$/m)).toBe(1);
  });

  it('/health/ready answers 503 when a backend is unreachable', async () => {
    gateway.stubs.stopOne('order');
    const notReady = await json(await gateway.fetch('/health/ready'));
    expect(notReady).toMatchObject({ status: 503, body: { status: 'error', error: { 'order-service': { status: 'down', code: 'UNAVAILABLE' } } } });
  });
});
