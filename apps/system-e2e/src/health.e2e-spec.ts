import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { checkGrpcHealth, HealthCheckClient } from '@acme/health';
import { waitFor } from '@acme/testing';
import { System } from './support/system';

const PRODUCT_SERVICE = 'acme.product.v1.ProductService';

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env['TEST_DATABASE_URL'] });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// grpc.health.v1 and the gateway's readiness follow the database: the product service's
// database is made unreachable (connections refused and cut) and then restored.
describe.runIf(process.env['TEST_DATABASE_URL'])('health follows real readiness', () => {
  let system: System;
  let database: string;

  beforeAll(async () => {
    system = await System.start({ database: 'postgres', env: { 'product-service': { HEALTH_RECHECK_MS: '200' } } });
    database = new URL(system.apps['product-service'].environment['DATABASE_URL']!).pathname.slice(1);
  });
  afterAll(async () => {
    await admin((c) => c.query(`alter database ${database} allow_connections true`)).catch(() => undefined);
    await system?.stop();
  });

  it('is SERVING and ready when everything is up', async () => {
    const target = `127.0.0.1:${system.apps['product-service'].port}`;
    expect(await checkGrpcHealth(target, '')).toBe('SERVING');
    expect(await checkGrpcHealth(target, PRODUCT_SERVICE)).toBe('SERVING');
    const ready = await fetch(`${system.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok' });
    const live = await fetch(`${system.baseUrl}/health/live`);
    expect(live.status).toBe(200);
  });

  it('goes NOT_SERVING and the gateway 503 while the database is down, and back', async () => {
    const target = `127.0.0.1:${system.apps['product-service'].port}`;
    await admin(async (c) => {
      await c.query(`alter database ${database} allow_connections false`);
      await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [database]);
    });
    await waitFor(async () => (await checkGrpcHealth(target, PRODUCT_SERVICE)) === 'NOT_SERVING', { timeoutMs: 20_000, what: 'NOT_SERVING' });
    await waitFor(async () => (await fetch(`${system.baseUrl}/health/ready`)).status === 503, { timeoutMs: 20_000, what: 'gateway not ready' });
    // Liveness is the process only: still 200.
    expect((await fetch(`${system.baseUrl}/health/live`)).status).toBe(200);

    await admin((c) => c.query(`alter database ${database} allow_connections true`));
    await waitFor(async () => (await checkGrpcHealth(target, PRODUCT_SERVICE)) === 'SERVING', { timeoutMs: 20_000, what: 'SERVING again' });
    await waitFor(async () => (await fetch(`${system.baseUrl}/health/ready`)).status === 200, { timeoutMs: 20_000, what: 'gateway ready again' });
  });

  it('reports NOT_SERVING to watchers as soon as shutdown starts', async () => {
    const product = system.apps['product-service'];
    const client = new HealthCheckClient(`127.0.0.1:${product.port}`);
    const statuses: string[] = [];
    let onEnd: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (onEnd = resolve));
    const cancel = client.watch(PRODUCT_SERVICE, (status) => statuses.push(status), () => onEnd());
    await waitFor(() => statuses.includes('SERVING'), { what: 'the first Watch answer' });
    const exit = await product.stop('SIGTERM');
    await ended;
    cancel();
    client.close();
    expect(exit.code).toBe(0);
    expect(statuses.at(-1)).toBe('NOT_SERVING');
  });
});
