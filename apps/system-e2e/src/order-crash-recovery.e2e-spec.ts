import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@acme/testing';
import { createProduct, signUp } from './support/fixtures';
import { HttpClient } from './support/http-client';
import { System } from './support/system';

// The order service is killed (SIGKILL, by a fault flag that only the test config accepts)
// after stock was reserved and before the order was confirmed. After a restart, the PENDING
// order is resolved and stock and orders agree.
describe('order service crash between reserve and confirm', () => {
  let system: System;
  let anonymous: HttpClient;

  beforeAll(async () => {
    system = await System.start({
      database: process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite',
      env: { 'order-service': { FAULT_CRASH_AFTER_RESERVE: 'true', ORDER_PENDING_LEASE_MS: '1' } },
    });
    anonymous = new HttpClient(system.baseUrl);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('releases the reservation of the interrupted order after restart', async () => {
    const buyer = await signUp(anonymous);
    const product = await createProduct(buyer.client, 5);
    const orders = system.apps['order-service'];

    const response = await buyer.client.post<{ code: string }>('/v1/orders', { items: [{ productId: product.id, quantity: 3 }] });
    expect(response.status).toBeGreaterThanOrEqual(500);
    await orders.exited();
    expect(orders.exitSignal).toBe('SIGKILL');

    // Reserved but never confirmed: the stock is held until the order service resolves it.
    const held = await buyer.client.get<{ stock: number }>(`/v1/products/${product.id}`);
    expect(held.body.stock).toBe(2);

    await orders.start({ FAULT_CRASH_AFTER_RESERVE: 'false' });
    await waitFor(
      async () => {
        const current = await buyer.client.get<{ stock: number }>(`/v1/products/${product.id}`);
        return current.body.stock === 5;
      },
      { timeoutMs: 20_000, what: 'the reservation to be released' },
    );
    const list = await buyer.client.get<{ orders: { status: string }[] }>('/v1/orders');
    expect(list.body.orders.map((o) => o.status)).toEqual(['FAILED']);

    // The system works normally afterwards.
    const ok = await buyer.client.post<{ status: string }>('/v1/orders', { items: [{ productId: product.id, quantity: 5 }] });
    expect(ok.status).toBe(201);
    expect(ok.body.status).toBe('CONFIRMED');
  });
});
