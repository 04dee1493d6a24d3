import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GrpcClients } from '@acme/grpc-client';
import { waitFor } from '@acme/testing';
import { GatewayHarness } from '../spec/gateway.spec-helper';
import { bearer, expectProblem, json, jsonBody } from '../spec/http.spec-helper';
import { SseReader } from '../spec/sse.spec-helper';
import { DrainState } from './drain.state';

describe('graceful shutdown', () => {
  let gateway: GatewayHarness | undefined;

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('finishes in-flight requests, ends SSE streams cleanly, stops accepting, closes the channels', async () => {
    const harness = (gateway = await GatewayHarness.start());
    const token = await harness.tokenFor({ id: randomUUID(), email: 'late@example.com' });
    const product = harness.stubs.seedProduct({ stock: 5 });
    const clients = harness.app.get(GrpcClients);

    const stream = await harness.fetch(`/v1/products/${product.id}/stock/stream`);
    const events = new SseReader(stream);
    expect(await events.nextEvent()).toMatchObject({ event: 'stock', data: { stock: 5 } });

    harness.stubs.delay('createOrder', 400);
    const inFlight = harness.fetch('/v1/orders', jsonBody({ items: [{ productId: product.id, quantity: 1 }] }, bearer(token)));
    await waitFor(() => harness.stubs.count('createOrder') === 1, { what: 'the order to reach the stub' });
    expect(clients.channelCount).toBe(3);

    const started = Date.now();
    const shutdown = harness.shutdown(5_000);

    // The stream ends as a normal end of stream, and its gRPC stream is cancelled.
    expect(await events.rest()).toEqual([]);
    await waitFor(() => harness.stubs.watchers === 0, { what: 'WatchStock to be cancelled' });
    // The request that was in flight completes normally.
    const order = await json(await inFlight);
    expect(order.status).toBe(201);
    expect(order.headers.get('connection')).toBe('close');

    await shutdown;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(clients.channelCount).toBe(0);
    await expect(harness.fetch('/health/live')).rejects.toThrow();
  });

  it('closes requests still running when SHUTDOWN_DRAIN_MS is over', async () => {
    const harness = (gateway = await GatewayHarness.start());
    const token = await harness.tokenFor({ id: randomUUID(), email: 'stuck@example.com' });
    const product = harness.stubs.seedProduct();
    harness.stubs.hang('createOrder');
    const stuck = harness.fetch('/v1/orders', jsonBody({ items: [{ productId: product.id, quantity: 1 }] }, bearer(token)));
    await waitFor(() => harness.stubs.count('createOrder') === 1, { what: 'the order to reach the stub' });

    const started = Date.now();
    await harness.shutdown(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(stuck).rejects.toThrow();
  });

  it('while draining, refuses new requests on open connections with 503 and Connection: close, but answers health', async () => {
    const harness = (gateway = await GatewayHarness.start());
    harness.app.get(DrainState).beforeApplicationShutdown();
    const refused = await harness.fetch(`/v1/products/${randomUUID()}`);
    expect(refused.headers.get('connection')).toBe('close');
    await expectProblem(refused, 503, 'UNAVAILABLE');
    expect((await harness.fetch('/health/live')).status).toBe(200);
  });
});
