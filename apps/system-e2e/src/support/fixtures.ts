import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { type HttpClient } from './http-client';

export interface SignedUpUser {
  readonly id: string;
  readonly email: string;
  readonly client: HttpClient;
}

/** Registers a fresh user and returns a client carrying its access token. */
export async function signUp(anonymous: HttpClient, name = 'Ada Lovelace'): Promise<SignedUpUser> {
  const email = `user-${randomUUID()}@example.com`;
  const password = 'correct horse battery';
  const created = await anonymous.post<{ id: string }>('/v1/users', { email, name, password });
  expect(created.status).toBe(201);
  const token = await anonymous.post<{ accessToken: string }>('/v1/auth/token', { email, password });
  expect(token.status).toBe(200);
  return { id: created.body.id, email, client: anonymous.withToken(token.body.accessToken) };
}

export interface CreatedProduct {
  readonly id: string;
  readonly sku: string;
  readonly priceCents: number;
}

/** Creates a product with the given stock through the gateway. */
export async function createProduct(client: HttpClient, stock: number, priceCents = 1999, currency = 'EUR'): Promise<CreatedProduct> {
  const sku = `SKU-${randomUUID().slice(0, 8)}`;
  const response = await client.post<{ id: string }>('/v1/products', { sku, name: `Product ${sku}`, description: 'test product', priceCents, currency, stock });
  expect(response.status).toBe(201);
  return { id: response.body.id, sku, priceCents };
}
