import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@acme/errors';
import { waitFor } from '@acme/testing';
import { GatewayHarness } from '../spec/gateway.spec-helper';
import { bearer, expectProblem, json, jsonBody } from '../spec/http.spec-helper';
import { SseReader } from '../spec/sse.spec-helper';

interface Product {
  id: string;
  sku: string;
  priceCents: number;
  stock: number;
  createTime: string;
}

describe('products through the gateway', () => {
  let gateway: GatewayHarness;
  let token: string;

  beforeAll(async () => {
    gateway = await GatewayHarness.start({ stockStreams: { heartbeatMs: 50 } });
    token = await gateway.tokenFor({ id: randomUUID(), email: 'merchant@example.com' });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('creates a product with a token: 201, Location, the product as JSON', async () => {
    const body = { sku: `SKU-${randomUUID()}`, name: 'Cup', description: 'white', priceCents: 1250, currency: 'USD', stock: 7 };
    const created = await json<Product>(await gateway.fetch('/v1/products', jsonBody(body, bearer(token))));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      ...body,
      createTime: expect.stringMatching(/Z$/),
      updateTime: expect.stringMatching(/Z$/),
    });
    expect(created.headers.get('location')).toBe(`/v1/products/${created.body.id}`);

    const read = await json<Product>(await gateway.fetch(`/v1/products/${created.body.id}`));
    expect(read).toMatchObject({ status: 200, body: { id: created.body.id, priceCents: 1250, stock: 7 } });
  });

  it('requires a token to create, and maps the service reasons', async () => {
    const body = { sku: 'DUP-1', name: 'n', priceCents: 1, currency: 'EUR', stock: 1 };
    await expectProblem(await gateway.fetch('/v1/products', jsonBody(body)), 401, 'UNAUTHENTICATED');
    expect((await gateway.fetch('/v1/products', jsonBody(body, bearer(token)))).status).toBe(201);
    await expectProblem(await gateway.fetch('/v1/products', jsonBody(body, bearer(token))), 409, 'SKU_ALREADY_EXISTS');
    await expectProblem(await gateway.fetch(`/v1/products/${randomUUID()}`), 404, 'PRODUCT_NOT_FOUND');
    await expectProblem(await gateway.fetch('/v1/products/not-a-uuid'), 400, 'VALIDATION_FAILED');
  });

  it('pages through products with pageSize and pageToken, converting and checking the query', async () => {
    for (let i = 0; i < 5; i++) gateway.stubs.seedProduct();
    const seen = new Set<string>();
    let pageToken = '';
    let pages = 0;
    do {
      const page = await json<{ products: Product[]; nextPageToken: string }>(await gateway.fetch(`/v1/products?pageSize=2&pageToken=${pageToken}`));
      expect(page.status).toBe(200);
      expect(page.body.products.length).toBeLessThanOrEqual(2);
      for (const product of page.body.products) seen.add(product.id);
      pageToken = page.body.nextPageToken;
      pages++;
    } while (pageToken !== '' && pages < 50);
    expect(seen.size).toBe(gateway.stubs.products.size);

    const all = await json<{ products: Product[] }>(await gateway.fetch('/v1/products'));
    expect(all.body.products).toHaveLength(Math.min(20, gateway.stubs.products.size));

    for (const bad of ['pageSize=101', 'pageSize=0', 'pageSize=abc', 'pageSize=1.5', 'color=red']) {
      await expectProblem(await gateway.fetch(`/v1/products?${bad}`), 400, 'VALIDATION_FAILED');
    }
    await expectProblem(await gateway.fetch('/v1/products?pageToken=garbage!'), 400, 'INVALID_PAGE_TOKEN');
  });

  describe('GET /v1/products/{id}/stock/stream', () => {
    it('streams the current stock, then each change, with heartbeats; a disconnect cancels the gRPC stream', async () => {
      const product = gateway.stubs.seedProduct({ stock: 4 });
      const controller = new AbortController();
      const response = await gateway.fetch(`/v1/products/${product.id}/stock/stream`, { signal: controller.signal });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const events = new SseReader(response);

      expect(await events.nextEvent()).toEqual({ event: 'stock', data: { productId: product.id, stock: 4, updateTime: expect.stringMatching(/Z$/) } });
      gateway.stubs.setStock(product.id, 1);
      expect(await events.nextEvent()).toMatchObject({ event: 'stock', data: { productId: product.id, stock: 1 } });
      let block = await events.next();
      while (block?.event !== undefined) block = await events.next();
      expect(block).toEqual({ comment: 'heartbeat' });

      const cancelledBefore = gateway.stubs.cancelled.get('watchStock') ?? 0;
      controller.abort();
      await waitFor(() => (gateway.stubs.cancelled.get('watchStock') ?? 0) > cancelledBefore, { what: 'the stub to see WatchStock cancelled' });
      await waitFor(() => gateway.stubs.watchers === 0, { what: 'no open WatchStock stream' });
    });

    it('ends the stream with an error event when the backend fails after the first event', async () => {
      const product = gateway.stubs.seedProduct({ stock: 2 });
      const events = new SseReader(await gateway.fetch(`/v1/products/${product.id}/stock/stream`));
      expect(await events.nextEvent()).toMatchObject({ event: 'stock', data: { stock: 2 } });
      gateway.stubs.failWatchers(new DomainError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'product-service restarting'));
      const blocks = (await events.rest()).filter((block) => block.event !== undefined);
      expect(blocks).toHaveLength(1);
      expect(blocks[0]?.event).toBe('error');
      expect(JSON.parse(blocks[0]?.data ?? '{}')).toMatchObject({ status: 503, code: 'UNAVAILABLE', detail: 'Service Unavailable', traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    });

    it('answers problem+json 404 for an unknown product, before any event', async () => {
      await expectProblem(await gateway.fetch(`/v1/products/${randomUUID()}/stock/stream`), 404, 'PRODUCT_NOT_FOUND');
      await expectProblem(await gateway.fetch('/v1/products/nope/stock/stream'), 400, 'VALIDATION_FAILED');
    });
  });
});
