import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@acme/testing';
import { createProduct, type SignedUpUser, signUp } from './support/fixtures';
import { HttpClient } from './support/http-client';
import { System } from './support/system';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  traceId: string;
  errors?: { field: string; description: string }[];
}

function expectProblem(response: { status: number; headers: Headers; body: unknown }, status: number, code: string): Problem {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = response.body as Problem;
  expect(problem).toMatchObject({ status, code });
  expect(problem.type).toMatch(/^https:\/\//);
  expect(problem.title).toEqual(expect.any(String));
  expect(problem.traceId).toMatch(/^[0-9a-f]{32}$/);
  return problem;
}

// The whole REST API through the real gateway and the three real services.
describe.each(testDatabaseKinds())('REST API end to end on %s', (database) => {
  let system: System;
  let anonymous: HttpClient;
  let alice: SignedUpUser;

  beforeAll(async () => {
    system = await System.start({ database });
    anonymous = new HttpClient(system.baseUrl);
    alice = await signUp(anonymous, 'Alice');
  });
  afterAll(async () => {
    await system?.stop();
  });

  describe('users and tokens', () => {
    it('registers a user without ever returning the password', async () => {
      const email = `Bob-${randomUUID()}@Example.com`;
      const created = await anonymous.post('/v1/users', { email, name: 'Bob', password: 'long enough password' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.any(String), email, name: 'Bob', createTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      expect(JSON.stringify(created.body)).not.toContain('password');

      const duplicate = await anonymous.post('/v1/users', { email: email.toLowerCase(), name: 'Bob again', password: 'long enough password' });
      expectProblem(duplicate, 409, 'EMAIL_ALREADY_EXISTS');
    });

    it('issues a bearer token and serves /me and /users/{id}', async () => {
      const me = await alice.client.get('/v1/users/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: alice.id, email: alice.email, name: 'Alice' });
      const byId = await alice.client.get(`/v1/users/${alice.id}`);
      expect(byId.body).toMatchObject({ id: alice.id });
      const token = await anonymous.post('/v1/auth/token', { email: alice.email, password: 'correct horse battery' });
      expect(token.body).toMatchObject({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: expect.any(Number) });
    });

    it('refuses bad credentials, missing and bad tokens with 401', async () => {
      expectProblem(await anonymous.post('/v1/auth/token', { email: alice.email, password: 'wrong password!' }), 401, 'INVALID_CREDENTIALS');
      const missing = await anonymous.get('/v1/users/me');
      expectProblem(missing, 401, 'UNAUTHENTICATED');
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expectProblem(await anonymous.withToken('not.a.jwt').get('/v1/users/me'), 401, 'UNAUTHENTICATED');
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      expectProblem(await alice.client.get(`/v1/users/${randomUUID()}`), 404, 'USER_NOT_FOUND');
      expectProblem(await alice.client.get('/v1/users/not-a-uuid'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('edge errors', () => {
    it('maps malformed JSON, wrong types, ranges, size, media type and routes', async () => {
      expectProblem(await anonymous.request('POST', '/v1/users', { rawBody: '{"email":', headers: { 'content-type': 'application/json' } }), 400, 'MALFORMED_BODY');

      const wrongTypes = expectProblem(await anonymous.post('/v1/users', { email: 42, name: 'x', password: 'long enough password' }), 400, 'VALIDATION_FAILED');
      expect(wrongTypes.errors?.map((e) => e.field)).toContain('email');

      const outOfRange = expectProblem(
        await alice.client.post('/v1/products', { sku: 'S-1', name: 'n', priceCents: -1, currency: 'EUR', stock: -5 }),
        400,
        'VALIDATION_FAILED',
      );
      expect(outOfRange.errors?.map((e) => e.field).sort()).toEqual(['priceCents', 'stock']);

      const big = 'x'.repeat(1024 * 1024 + 1);
      expectProblem(await anonymous.post('/v1/users', { email: 'a@b.co', name: big, password: 'long enough password' }), 413, 'PAYLOAD_TOO_LARGE');
      expectProblem(await anonymous.request('POST', '/v1/users', { rawBody: 'email=a', headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await anonymous.get('/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
    });
  });

  describe('products', () => {
    it('creates, reads and pages through products', async () => {
      const product = await createProduct(alice.client, 7, 1250, 'USD');
      const read = await anonymous.get(`/v1/products/${product.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: product.id, sku: product.sku, priceCents: 1250, currency: 'USD', stock: 7 });

      expectProblem(await alice.client.post('/v1/products', { sku: product.sku, name: 'dup', priceCents: 1, currency: 'USD', stock: 1 }), 409, 'SKU_ALREADY_EXISTS');
      expectProblem(await anonymous.get(`/v1/products/${randomUUID()}`), 404, 'PRODUCT_NOT_FOUND');
      expectProblem(await anonymous.post('/v1/products', { sku: 'X', name: 'n', priceCents: 1, currency: 'EUR', stock: 1 }), 401, 'UNAUTHENTICATED');

      for (let i = 0; i < 4; i++) await createProduct(alice.client, 1);
      const seen = new Set<string>();
      let pageToken = '';
      let pages = 0;
      do {
        const page = await anonymous.get<{ products: { id: string }[]; nextPageToken: string }>(`/v1/products?pageSize=2&pageToken=${pageToken}`);
        expect(page.status).toBe(200);
        expect(page.body.products.length).toBeLessThanOrEqual(2);
        for (const p of page.body.products) seen.add(p.id);
        pageToken = page.body.nextPageToken;
        pages++;
      } while (pageToken && pages < 50);
      expect(seen.size).toBeGreaterThanOrEqual(5);
      expect(seen.has(product.id)).toBe(true);

      expectProblem(await anonymous.get('/v1/products?pageSize=101'), 400, 'VALIDATION_FAILED');
      expectProblem(await anonymous.get('/v1/products?pageToken=garbage!'), 400, 'INVALID_PAGE_TOKEN');
    });

    it('streams stock as server-sent events: the current value, then each change', async () => {
      const product = await createProduct(alice.client, 4);
      const controller = new AbortController();
      const response = await fetch(`${system.baseUrl}/v1/products/${product.id}/stock/stream`, { signal: controller.signal });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      const stocks: number[] = [];
      let buffer = '';
      const nextStock = async (): Promise<number> => {
        for (;;) {
          const match = /data: (\{.*\})\n/.exec(buffer);
          if (match) {
            buffer = buffer.slice(match.index + match[0].length);
            return (JSON.parse(match[1]!) as { stock: number }).stock;
          }
          const { value, done } = await reader.read();
          if (done) throw new Error('stream ended');
          buffer += value;
        }
      };
      stocks.push(await nextStock());
      const order = await alice.client.post('/v1/orders', { items: [{ productId: product.id, quantity: 3 }] });
      expect(order.status).toBe(201);
      stocks.push(await nextStock());
      controller.abort();
      expect(stocks).toEqual([4, 1]);

      expectProblem(await anonymous.get(`/v1/products/${randomUUID()}/stock/stream`), 404, 'PRODUCT_NOT_FOUND');
    });

    it('imports NDJSON as a stream and reports failures by line', async () => {
      const prefix = randomUUID().slice(0, 8);
      const lines = [
        JSON.stringify({ sku: `${prefix}-1`, name: 'one', priceCents: 100, currency: 'EUR', stock: 1 }),
        '{not json',
        JSON.stringify({ sku: `${prefix}-2`, name: 'two', priceCents: -1, currency: 'EUR', stock: 1 }),
        JSON.stringify({ sku: `${prefix}-1`, name: 'dup', priceCents: 100, currency: 'EUR', stock: 1 }),
        JSON.stringify({ sku: `${prefix}-3`, name: 'three', priceCents: 300, currency: 'EUR', stock: 3 }),
      ];
      const response = await alice.client.request<{ created: number; failed: { line: number; code: string }[]; failedCount: number }>('POST', '/v1/products/import', {
        rawBody: lines.join('\n') + '\n',
        headers: { 'content-type': 'application/x-ndjson' },
      });
      expect(response.status).toBe(200);
      expect(response.body.created).toBe(2);
      expect(response.body.failed.map(({ line, code }) => ({ line, code }))).toEqual([
        { line: 2, code: 'MALFORMED_BODY' },
        { line: 3, code: 'VALIDATION_FAILED' },
        { line: 4, code: 'SKU_ALREADY_EXISTS' },
      ]);
      expect(response.body.failedCount).toBe(3);
    });
  });

  describe('orders', () => {
    it('creates, reads, lists and cancels an order; stock follows', async () => {
      const product = await createProduct(alice.client, 5, 1000);
      const created = await alice.client.post<{ id: string; status: string }>('/v1/orders', { items: [{ productId: product.id, quantity: 2 }] });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        userId: alice.id,
        status: 'CONFIRMED',
        items: [{ productId: product.id, quantity: 2, unitPriceCents: 1000 }],
        totalCents: 2000,
        currency: 'EUR',
        createTime: expect.any(String),
      });
      expect((await anonymous.get<{ stock: number }>(`/v1/products/${product.id}`)).body.stock).toBe(3);

      expect((await alice.client.get(`/v1/orders/${created.body.id}`)).body).toMatchObject({ id: created.body.id, status: 'CONFIRMED' });
      const mallory = await signUp(anonymous, 'Mallory');
      expectProblem(await mallory.client.get(`/v1/orders/${created.body.id}`), 404, 'ORDER_NOT_FOUND');
      expect((await mallory.client.get<{ orders: unknown[] }>('/v1/orders')).body.orders).toEqual([]);
      expect((await alice.client.get<{ orders: { id: string }[] }>('/v1/orders')).body.orders.map((o) => o.id)).toContain(created.body.id);

      const cancelled = await alice.client.post<{ status: string }>(`/v1/orders/${created.body.id}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('CANCELLED');
      const again = await alice.client.post<{ status: string }>(`/v1/orders/${created.body.id}/cancel`);
      expect(again.body.status).toBe('CANCELLED');
      expect((await anonymous.get<{ stock: number }>(`/v1/products/${product.id}`)).body.stock).toBe(5);
    });

    it('keeps one order per Idempotency-Key and refuses the key with another body', async () => {
      const product = await createProduct(alice.client, 10);
      const key = randomUUID();
      const body = { items: [{ productId: product.id, quantity: 1 }] };
      const [first, second] = await Promise.all([
        alice.client.post<{ id: string }>('/v1/orders', body, { 'idempotency-key': key }),
        alice.client.post<{ id: string }>('/v1/orders', body, { 'idempotency-key': key }),
      ]);
      expect([first.status, second.status].every((s) => s === 201 || s === 200)).toBe(true);
      expect(second.body.id).toBe(first.body.id);
      expect((await anonymous.get<{ stock: number }>(`/v1/products/${product.id}`)).body.stock).toBe(9);

      const other = await alice.client.post('/v1/orders', { items: [{ productId: product.id, quantity: 2 }] }, { 'idempotency-key': key });
      expectProblem(other, 409, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('passes the product service reasons through and leaves nothing reserved', async () => {
      const product = await createProduct(alice.client, 1);
      const problem = expectProblem(await alice.client.post('/v1/orders', { items: [{ productId: product.id, quantity: 2 }] }), 400, 'INSUFFICIENT_STOCK');
      expect(problem.detail).toEqual(expect.any(String));
      expectProblem(await alice.client.post('/v1/orders', { items: [{ productId: randomUUID(), quantity: 1 }] }), 404, 'PRODUCT_NOT_FOUND');
      expectProblem(await alice.client.post('/v1/orders', { items: [{ productId: product.id, quantity: 0 }] }), 400, 'VALIDATION_FAILED');
      expect((await anonymous.get<{ stock: number }>(`/v1/products/${product.id}`)).body.stock).toBe(1);
    });
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await anonymous.get<{ openapi: string; paths: Record<string, unknown> }>('/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/users', '/v1/orders', '/v1/products/import']));
    const ui = await fetch(`${system.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
