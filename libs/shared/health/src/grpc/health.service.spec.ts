import { type Server, type ServiceError, status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, startHealthServer } from '../spec/grpc-server.spec-helper';
import { HealthCheckClient } from './health-check.client';
import { type ServingStatus } from './health-proto';
import { HealthService } from './health.service';
import { readinessOf } from './readiness';
import { waitFor } from '@acme/testing';

const PRODUCT = 'acme.product.v1.ProductService';

describe('HealthService over a real grpc-js server', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  async function serve(health: HealthService): Promise<{ client: HealthCheckClient; server: Server }> {
    const { target, server } = await startHealthServer(health);
    const client = new HealthCheckClient(target);
    cleanups.push(() => {
      client.close();
      health.shutdown();
      server.forceShutdown();
    });
    return { client, server };
  }

  it('is NOT_SERVING until started, then follows readiness for the server and each service', async () => {
    let databaseUp = false;
    const health = new HealthService({
      services: [PRODUCT],
      readiness: readinessOf({ database: () => databaseUp || Promise.reject(new Error('connection refused')) }),
      recheckIntervalMs: 20,
      logger: silentLogger,
    });
    const { client } = await serve(health);

    expect(await client.check('')).toBe('NOT_SERVING');
    await health.start();
    expect(await client.check(PRODUCT)).toBe('NOT_SERVING');

    databaseUp = true;
    await waitFor(async () => (await client.check('')) === 'SERVING');
    expect(await client.check(PRODUCT)).toBe('SERVING');

    databaseUp = false;
    await waitFor(async () => (await client.check(PRODUCT)) === 'NOT_SERVING');
    expect(await client.check('')).toBe('NOT_SERVING');
  });

  it('answers NOT_FOUND for an unknown service name', async () => {
    const health = new HealthService({ logger: silentLogger });
    const { client } = await serve(health);
    const error = (await client.check('acme.nope.v1.NopeService').catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(status.NOT_FOUND);
  });

  it('counts a hanging or false readiness check as not ready', async () => {
    let mode: 'hang' | 'false' | 'ok' = 'hang';
    const health = new HealthService({
      readiness: () => (mode === 'hang' ? new Promise<void>(() => undefined) : mode === 'ok'),
      checkTimeoutMs: 30,
      recheckIntervalMs: 60_000,
      logger: silentLogger,
    });
    await health.start();
    expect(health.getStatus()).toBe('NOT_SERVING');
    mode = 'ok';
    expect(await health.checkReadiness()).toBe(true);
    expect(health.getStatus()).toBe('SERVING');
    mode = 'false';
    expect(await health.checkReadiness()).toBe(false);
    expect(health.getStatus()).toBe('NOT_SERVING');
    health.shutdown();
  });

  it('serves once started when there is no readiness check, and obeys setServing/setNotServing', async () => {
    const health = new HealthService({ services: [PRODUCT], logger: silentLogger });
    const { client } = await serve(health);
    await health.start();
    expect(await client.check('')).toBe('SERVING');
    health.setNotServing(PRODUCT);
    expect(await client.check(PRODUCT)).toBe('NOT_SERVING');
    expect(await client.check('')).toBe('SERVING');
    health.setServing('acme.extra.v1.ExtraService');
    expect(await client.check('acme.extra.v1.ExtraService')).toBe('SERVING');
  });

  it('streams changes over Watch, and ends the stream at shutdown after NOT_SERVING', async () => {
    const health = new HealthService({ services: [PRODUCT], logger: silentLogger });
    const { client } = await serve(health);
    const seen: ServingStatus[] = [];
    const ended = new Promise<ServiceError | undefined>((resolve) => {
      client.watch(PRODUCT, (s) => seen.push(s), resolve);
    });
    await waitFor(() => seen.length === 1);
    await health.start();
    await waitFor(() => seen.length === 2);
    health.shutdown();
    health.setServing(PRODUCT); // ignored from now on
    expect(await ended).toBeUndefined();
    expect(seen).toEqual(['NOT_SERVING', 'SERVING', 'NOT_SERVING']);
    expect(await client.check(PRODUCT)).toBe('NOT_SERVING');
  });

  it('reports SERVICE_UNKNOWN over Watch for a name it does not know, then its status once known', async () => {
    const health = new HealthService({ logger: silentLogger });
    const { client } = await serve(health);
    const seen: ServingStatus[] = [];
    const stop = client.watch('acme.late.v1.LateService', (s) => seen.push(s));
    await waitFor(() => seen.length === 1);
    health.setServing('acme.late.v1.LateService');
    await waitFor(() => seen.length === 2);
    stop();
    expect(seen).toEqual(['SERVICE_UNKNOWN', 'SERVING']);
  });
});
