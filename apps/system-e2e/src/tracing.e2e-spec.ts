import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '@acme/tracing';
import { createProduct, signUp } from './support/fixtures';
import { HttpClient } from './support/http-client';
import { System } from './support/system';

const rpc = (spans: readonly ReceivedSpan[], service: string, kind: 'client' | 'server', method: string, serviceName: string): ReceivedSpan | undefined =>
  spans.find((s) => s.kind === kind && s.serviceName === serviceName && s.attributes['rpc.method'] === method && String(s.attributes['rpc.service']).endsWith(service));
const isDb = (s: ReceivedSpan): boolean => s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql';

// One request, one trace: the gateway, the order service and the services it calls all export
// to a real OTLP/HTTP receiver that decodes the protobuf payload with the OTLP definitions.
describe('trace context end to end', () => {
  let receiver: OtlpReceiver;
  let system: System;
  let anonymous: HttpClient;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_TRACES_SAMPLER: 'parentbased_always_on', OTEL_BSP_SCHEDULE_DELAY: '50' };
    system = await System.start({
      database: process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite',
      env: { gateway: otel, 'user-service': otel, 'product-service': otel, 'order-service': otel },
    });
    anonymous = new HttpClient(system.baseUrl);
  });
  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
  });

  it('POST /v1/orders yields one trace with the right parent chain down to the database', async () => {
    const buyer = await signUp(anonymous);
    const product = await createProduct(buyer.client, 5);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await buyer.client.post('/v1/orders', { items: [{ productId: product.id, quantity: 1 }] }, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(response.status).toBe(201);

    // Each process exports on its own schedule: wait until every span asserted below is in.
    const spans = await receiver.waitForSpans((all) => {
      const trace = all.filter((s) => s.traceId === traceId);
      return (
        trace.some((s) => s.serviceName === 'gateway' && s.kind === 'server') &&
        rpc(trace, 'OrderService', 'client', 'CreateOrder', 'gateway') !== undefined &&
        rpc(trace, 'OrderService', 'server', 'CreateOrder', 'order-service') !== undefined &&
        rpc(trace, 'UserService', 'client', 'GetUser', 'order-service') !== undefined &&
        rpc(trace, 'UserService', 'server', 'GetUser', 'user-service') !== undefined &&
        rpc(trace, 'ProductService', 'client', 'ReserveStock', 'order-service') !== undefined &&
        rpc(trace, 'ProductService', 'server', 'ReserveStock', 'product-service') !== undefined &&
        trace.some((s) => s.serviceName === 'order-service' && isDb(s)) &&
        trace.some((s) => s.serviceName === 'product-service' && isDb(s))
      );
    }, 20_000);
    const trace = spans.filter((s) => s.traceId === traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const parentOf = (span: ReceivedSpan | undefined): ReceivedSpan | undefined => (span?.parentSpanId ? byId.get(span.parentSpanId) : undefined);
    const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
      const chain: ReceivedSpan[] = [];
      for (let p = parentOf(span); p; p = parentOf(p)) chain.push(p);
      return chain;
    };

    // gateway HTTP server span: the caller's span is its parent.
    const edge = trace.find((s) => s.serviceName === 'gateway' && s.kind === 'server');
    expect(edge?.parentSpanId).toBe('00f067aa0ba902b7');

    // gateway gRPC client -> order server -> order's clients -> user/product servers.
    const gatewayClient = rpc(trace, 'OrderService', 'client', 'CreateOrder', 'gateway');
    const orderServer = rpc(trace, 'OrderService', 'server', 'CreateOrder', 'order-service');
    const getUserClient = rpc(trace, 'UserService', 'client', 'GetUser', 'order-service');
    const getUserServer = rpc(trace, 'UserService', 'server', 'GetUser', 'user-service');
    const reserveClient = rpc(trace, 'ProductService', 'client', 'ReserveStock', 'order-service');
    const reserveServer = rpc(trace, 'ProductService', 'server', 'ReserveStock', 'product-service');
    for (const span of [gatewayClient, orderServer, getUserClient, getUserServer, reserveClient, reserveServer]) expect(span).toBeDefined();

    expect(ancestors(gatewayClient!)).toContain(edge);
    expect(orderServer!.parentSpanId).toBe(gatewayClient!.spanId);
    expect(ancestors(getUserClient!)).toContain(orderServer);
    expect(getUserServer!.parentSpanId).toBe(getUserClient!.spanId);
    expect(ancestors(reserveClient!)).toContain(orderServer);
    expect(reserveServer!.parentSpanId).toBe(reserveClient!.spanId);

    // Database spans sit under their service's server span.
    const orderDb = trace.find((s) => s.serviceName === 'order-service' && isDb(s))!;
    expect(ancestors(orderDb)).toContain(orderServer);
    const productDb = trace.filter((s) => s.serviceName === 'product-service' && isDb(s));
    expect(productDb.some((s) => ancestors(s).includes(reserveServer!))).toBe(true);

    // Every span of the trace hangs off the caller's span: one tree, no orphans.
    for (const span of trace) {
      if (span !== edge) expect(ancestors(span)).toContain(edge);
    }
  });

  it('leaves the Kubernetes probes and the Prometheus scrape untraced, even with a sampled traceparent', async () => {
    const probe = (path: string, traceId: string): Promise<Response> =>
      fetch(`${system.baseUrl}${path}`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    const probes = { '/health/live': 'a1000000000000000000000000000001', '/health/ready': 'a1000000000000000000000000000002', '/metrics': 'a1000000000000000000000000000003' };
    for (const [path, traceId] of Object.entries(probes)) expect((await probe(path, traceId)).status, path).toBe(200);
    // A traced request after the probes: once its span is in, the gateway has exported everything before it.
    const after = 'a1000000000000000000000000000004';
    expect((await probe('/v1/products?pageSize=1', after)).status).toBe(200);
    const spans = await receiver.waitForSpans((all) => all.some((s) => s.traceId === after && s.serviceName === 'gateway' && s.kind === 'server'), 20_000);
    const probeTraces = new Set(Object.values(probes));
    expect(spans.filter((s) => probeTraces.has(s.traceId))).toEqual([]);
    expect(spans.filter((s) => s.serviceName === 'gateway' && String(s.attributes['url.path']).match(/^\/(health|metrics)/))).toEqual([]);
  });

  it('the problem+json traceId of a failed request is its trace', async () => {
    const buyer = await signUp(anonymous);
    const product = await createProduct(buyer.client, 1);
    const failed = await buyer.client.post<{ code: string; traceId: string }>('/v1/orders', { items: [{ productId: product.id, quantity: 2 }] });
    expect(failed.status).toBe(400);
    expect(failed.body.code).toBe('INSUFFICIENT_STOCK');
    const spans = await receiver.waitForSpans(
      (all) => {
        const trace = all.filter((s) => s.traceId === failed.body.traceId);
        return (
          trace.some((s) => s.serviceName === 'gateway' && s.kind === 'server') &&
          rpc(trace, 'OrderService', 'server', 'CreateOrder', 'order-service') !== undefined &&
          rpc(trace, 'ProductService', 'server', 'ReserveStock', 'product-service') !== undefined
        );
      },
      20_000,
    );
    const trace = spans.filter((s) => s.traceId === failed.body.traceId);
    expect(trace.some((s) => s.serviceName === 'gateway' && s.kind === 'server')).toBe(true);
    expect(rpc(trace, 'OrderService', 'server', 'CreateOrder', 'order-service')?.status.code).toBe('error');
  });
});
