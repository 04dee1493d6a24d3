import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@acme/testing';
import { createProduct, signUp } from './support/fixtures';
import { HttpClient } from './support/http-client';
import { System } from './support/system';

describe.each(testDatabaseKinds())('concurrent orders on %s', (database) => {
  let system: System;
  let anonymous: HttpClient;

  beforeAll(async () => {
    system = await System.start({ database });
    anonymous = new HttpClient(system.baseUrl);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('sells exactly the stock: 50 orders of 1 for stock 10', async () => {
    const buyer = await signUp(anonymous);
    const product = await createProduct(buyer.client, 10);

    const responses = await Promise.all(
      Array.from({ length: 50 }, () => buyer.client.post<{ status?: string; code?: string }>('/v1/orders', { items: [{ productId: product.id, quantity: 1 }] })),
    );

    const created = responses.filter((r) => r.status === 201);
    const refused = responses.filter((r) => r.status !== 201);
    expect(created).toHaveLength(10);
    expect(created.every((r) => r.body.status === 'CONFIRMED')).toBe(true);
    expect(refused).toHaveLength(40);
    expect(refused.every((r) => r.status === 400 && r.body.code === 'INSUFFICIENT_STOCK')).toBe(true);

    const stock = await buyer.client.get<{ stock: number }>(`/v1/products/${product.id}`);
    expect(stock.body.stock).toBe(0);

    // No order is left PENDING: every one is CONFIRMED (10) or FAILED (40).
    const statuses: string[] = [];
    let pageToken = '';
    do {
      const page = await buyer.client.get<{ orders: { status: string }[]; nextPageToken: string }>(`/v1/orders?pageSize=100&pageToken=${pageToken}`);
      expect(page.status).toBe(200);
      statuses.push(...page.body.orders.map((o) => o.status));
      pageToken = page.body.nextPageToken;
    } while (pageToken);
    expect(statuses.filter((s) => s === 'PENDING')).toEqual([]);
    expect(statuses.filter((s) => s === 'CONFIRMED')).toHaveLength(10);
  });
});
