import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayHarness } from '../spec/gateway.spec-helper';
import { json } from '../spec/http.spec-helper';

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown>; requestBody?: { content: Record<string, unknown> } }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }>; securitySchemes: Record<string, unknown> };
}

describe('OpenAPI document and Swagger UI', () => {
  let gateway: GatewayHarness;

  beforeAll(async () => {
    gateway = await GatewayHarness.start();
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('documents every route of the REST API at /docs-json', async () => {
    const { status, body } = await json<OpenApiDocument>(await gateway.fetch('/docs-json'));
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(body.info.version).toBe('0.1.0');
    const operations = Object.entries(body.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(
      [
        'POST /v1/users',
        'POST /v1/auth/token',
        'GET /v1/users/me',
        'GET /v1/users/{id}',
        'POST /v1/products',
        'GET /v1/products',
        'GET /v1/products/{id}',
        'GET /v1/products/{id}/stock/stream',
        'POST /v1/products/import',
        'POST /v1/orders',
        'GET /v1/orders',
        'GET /v1/orders/{id}',
        'POST /v1/orders/{id}/cancel',
        'GET /health/live',
        'GET /health/ready',
        'GET /metrics',
      ].sort(),
    );
    expect(body.paths['/v1/orders']?.['post']?.security).toEqual([{ bearer: [] }]);
    expect(body.paths['/v1/products/import']?.['post']?.requestBody?.content).toHaveProperty('application/x-ndjson');
    expect(body.paths['/v1/products/{id}']?.['get']?.responses).toHaveProperty('default');
    expect(Object.keys(body.components.schemas)).toEqual(expect.arrayContaining(['ProblemResponse', 'CreateOrderRequest', 'OrderResponse']));
  });

  it('serves Swagger UI at /docs', async () => {
    const ui = await gateway.fetch('/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
