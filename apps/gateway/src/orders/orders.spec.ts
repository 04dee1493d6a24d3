import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayHarness } from '../spec/gateway.spec-helper';
import { bearer, expectProblem, json, jsonBody } from '../spec/http.spec-helper';

interface Order {
  id: string;
  userId: string;
  status: string;
  items: { productId: string; quantity: number; unitPriceCents: number }[];
  totalCents: number;
  currency: string;
  createTime: string;
}

describe('orders through the gateway', () => {
  let gateway: GatewayHarness;
  const alice = { id: randomUUID(), email: 'alice@example.com', token: '' };
  const mallory = { id: randomUUID(), email: 'mallory@example.com', token: '' };

  beforeAll(async () => {
    gateway = await GatewayHarness.start();
    alice.token = await gateway.tokenFor(alice);
    mallory.token = await gateway.tokenFor(mallory);
  });
  afterAll(async () => {
    await gateway?.close();
  });

  const placeOrder = (token: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    gateway.fetch('/v1/orders', jsonBody(body, { ...bearer(token), ...headers }));

  it('places an order for the caller: 201, Location, status by name, RFC 3339 time', async () => {
    const product = gateway.stubs.seedProduct({ priceCents: 1000, stock: 5 });
    const created = await json<Order>(await placeOrder(alice.token, { items: [{ productId: product.id, quantity: 2 }] }));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      userId: alice.id,
      status: 'CONFIRMED',
      items: [{ productId: product.id, quantity: 2, unitPriceCents: 1000 }],
      totalCents: 2000,
      currency: 'EUR',
      createTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    expect(created.headers.get('location')).toBe(`/v1/orders/${created.body.id}`);
    // The user id comes from the token, never from the body.
    expect(gateway.stubs.lastCreateOrder).toMatchObject({ userId: alice.id, idempotencyKey: '' });
  });

  it('passes the Idempotency-Key on: the same key and body give the same order, another body 409', async () => {
    const product = gateway.stubs.seedProduct({ stock: 10 });
    const key = randomUUID();
    const body = { items: [{ productId: product.id, quantity: 1 }] };
    const first = await json<Order>(await placeOrder(alice.token, body, { 'idempotency-key': key }));
    const second = await json<Order>(await placeOrder(alice.token, body, { 'idempotency-key': key }));
    expect(gateway.stubs.lastCreateOrder?.idempotencyKey).toBe(key);
    expect(second.body.id).toBe(first.body.id);
    await expectProblem(await placeOrder(alice.token, { items: [{ productId: product.id, quantity: 2 }] }, { 'idempotency-key': key }), 409, 'IDEMPOTENCY_KEY_REUSED');
    await expectProblem(await placeOrder(alice.token, body, { 'idempotency-key': 'no spaces allowed' }), 400, 'VALIDATION_FAILED');
  });

  it('validates items with field paths into the array, before calling the service', async () => {
    const calls = gateway.stubs.count('createOrder');
    const problem = await expectProblem(
      await placeOrder(alice.token, { items: [{ productId: randomUUID(), quantity: 1 }, { productId: 'nope', quantity: 0 }] }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['items.1.productId', 'items.1.quantity']);
    await expectProblem(await placeOrder(alice.token, { items: [] }), 400, 'VALIDATION_FAILED');
    await expectProblem(await placeOrder(alice.token, {}), 400, 'VALIDATION_FAILED');
    expect(gateway.stubs.count('createOrder')).toBe(calls);
  });

  it('passes the product reasons through the order service', async () => {
    const product = gateway.stubs.seedProduct({ stock: 1 });
    await expectProblem(await placeOrder(alice.token, { items: [{ productId: product.id, quantity: 2 }] }), 400, 'INSUFFICIENT_STOCK');
    await expectProblem(await placeOrder(alice.token, { items: [{ productId: randomUUID(), quantity: 1 }] }), 404, 'PRODUCT_NOT_FOUND');
  });

  it("reads, lists and cancels the caller's orders; someone else's order is a 404", async () => {
    const product = gateway.stubs.seedProduct({ stock: 3 });
    const { body: order } = await json<Order>(await placeOrder(alice.token, { items: [{ productId: product.id, quantity: 3 }] }));

    const read = await json<Order>(await gateway.fetch(`/v1/orders/${order.id}`, { headers: bearer(alice.token) }));
    expect(read).toMatchObject({ status: 200, body: { id: order.id, status: 'CONFIRMED' } });
    await expectProblem(await gateway.fetch(`/v1/orders/${order.id}`, { headers: bearer(mallory.token) }), 404, 'ORDER_NOT_FOUND');

    const mine = await json<{ orders: Order[]; nextPageToken: string }>(await gateway.fetch('/v1/orders?pageSize=10', { headers: bearer(alice.token) }));
    expect(mine.body.orders.map((o) => o.id)).toContain(order.id);
    expect(mine.body.nextPageToken).toBe('');
    const theirs = await json<{ orders: Order[] }>(await gateway.fetch('/v1/orders', { headers: bearer(mallory.token) }));
    expect(theirs.body.orders).toEqual([]);
    await expectProblem(await gateway.fetch('/v1/orders?pageSize=500', { headers: bearer(alice.token) }), 400, 'VALIDATION_FAILED');

    for (let i = 0; i < 2; i++) {
      const cancelled = await json<Order>(await gateway.fetch(`/v1/orders/${order.id}/cancel`, { method: 'POST', headers: bearer(alice.token) }));
      expect(cancelled).toMatchObject({ status: 200, body: { id: order.id, status: 'CANCELLED' } });
    }
    expect(gateway.stubs.products.get(product.id)?.stock).toBe(3);
    await expectProblem(await gateway.fetch(`/v1/orders/${order.id}/cancel`, { method: 'POST', headers: bearer(mallory.token) }), 404, 'ORDER_NOT_FOUND');
  });

  it('requires a token on every order route', async () => {
    await expectProblem(await gateway.fetch('/v1/orders', jsonBody({ items: [] })), 401, 'UNAUTHENTICATED');
    await expectProblem(await gateway.fetch('/v1/orders'), 401, 'UNAUTHENTICATED');
    await expectProblem(await gateway.fetch(`/v1/orders/${randomUUID()}`), 401, 'UNAUTHENTICATED');
    await expectProblem(await gateway.fetch(`/v1/orders/${randomUUID()}/cancel`, { method: 'POST' }), 401, 'UNAUTHENTICATED');
  });
});
