import { createConnection } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConsulDouble, startConsulDouble } from '@acme/consul-double';
import { waitFor } from '@acme/testing';
import { type AppProcess } from './support/app-process';
import { createProduct, signUp } from './support/fixtures';
import { HttpClient } from './support/http-client';
import { steadyLoad } from './support/steady-load';
import { System } from './support/system';

const handled = (instance: AppProcess): Promise<number> => instance.metric('grpc_server_handled_total', { grpc_method: 'GetProduct' });
const passing = (consul: ConsulDouble): number[] =>
  consul
    .instances('product-service')
    .filter((i) => i.status === 'passing')
    .map((i) => i.port);

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

// Two product-service instances share one PostgreSQL database, as replicas do, so these run
// against the server in TEST_DATABASE_URL (CI sets it); PGlite is one process's database.
describe.runIf(process.env['TEST_DATABASE_URL'])('discovery through Consul (double) under load', () => {
  let consul: ConsulDouble;
  let system: System;
  let productUrl: string;

  beforeEach(async () => {
    consul = await startConsulDouble();
    system = await System.start({ database: 'postgres', consulUrl: consul.url });
    const seller = await signUp(new HttpClient(system.baseUrl));
    const product = await createProduct(seller.client, 100);
    productUrl = `${system.baseUrl}/v1/products/${product.id}`;
    await system.addInstance('product-service');
    await waitFor(() => passing(consul).length === 2, { timeoutMs: 15_000, what: 'two passing product instances' });
  });
  afterEach(async () => {
    await system?.stop();
    await consul?.stop();
  });

  it('spreads load over both instances, survives SIGKILL of one, and sends traffic to a new one', async () => {
    const [first, second] = [system.apps['product-service'], system.extra[0]!];
    const load = steadyLoad(productUrl, { concurrency: 8, maxMs: 60_000 });
    await waitFor(async () => (await handled(first)) > 20 && (await handled(second)) > 20, { timeoutMs: 20_000, what: 'both instances to serve reads' });

    await second.stop('SIGKILL');
    await waitFor(() => !passing(consul).includes(second.port), { timeoutMs: 10_000, what: 'the killed instance to turn critical' });
    const afterKill = load.counts.ok;
    await waitFor(() => load.counts.ok > afterKill + 200, { timeoutMs: 20_000, what: 'reads after the kill' });

    const third = await system.addInstance('product-service');
    await waitFor(async () => (await handled(third)) > 20, { timeoutMs: 20_000, what: 'the new instance to receive traffic' });

    const result = await load.stop();
    // The documented window: reads in flight on the killed instance are retried elsewhere
    // (grpc-js before response headers, @acme/grpc-client once more after them); a rare one
    // whose attempts all land before the channel sees the kill may still fail, and only as
    // 503 UNAVAILABLE (target 0, allowed 2). The count is reported.
    console.log(`SIGKILL under load: ${result.ok} ok, ${result.failed} failed ${JSON.stringify(result.failures)}`);
    expect(result.failed).toBeLessThanOrEqual(2);
    expect(result.failures.every((failure) => failure === '503')).toBe(true);
    expect(result.ok).toBeGreaterThan(200);
  });

  it('rolls an instance with SIGTERM without a failed request, deregistering before it stops listening', async () => {
    const leaving = system.apps['product-service'];
    const load = steadyLoad(productUrl, { concurrency: 8, maxMs: 60_000 });
    await waitFor(async () => (await handled(leaving)) > 20, { timeoutMs: 20_000, what: 'the instance to serve reads' });

    // Watch Consul and the port as the instance stops: it must leave the catalogue while it
    // still accepts connections, and stop listening only afterwards.
    let deregisteredAt = 0;
    let closedAt = 0;
    const watchConsul = waitFor(() => !consul.instances('product-service').some((i) => i.port === leaving.port) && (deregisteredAt = performance.now()), {
      timeoutMs: 20_000,
      intervalMs: 2,
      what: 'deregistration',
    });
    const watchPort = waitFor(async () => !(await listening(leaving.port)) && (closedAt = performance.now()), {
      timeoutMs: 20_000,
      intervalMs: 2,
      what: 'the port to close',
    });
    const exit = await leaving.stop('SIGTERM');
    await Promise.all([watchConsul, watchPort]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(deregisteredAt).toBeGreaterThan(0);
    expect(deregisteredAt).toBeLessThan(closedAt);

    const afterStop = load.counts.ok;
    await waitFor(() => load.counts.ok > afterStop + 200, { timeoutMs: 20_000, what: 'reads after the roll' });
    const result = await load.stop();
    expect(result.failures).toEqual([]);
  });

  it('keeps serving while Consul restarts and resumes discovery afterwards', async () => {
    const load = steadyLoad(productUrl, { concurrency: 4, maxMs: 60_000 });
    await consul.down();
    const duringOutage = load.counts.ok;
    await waitFor(() => load.counts.ok > duringOutage + 100, { timeoutMs: 20_000, what: 'reads while Consul is down' });
    await consul.up();

    const joined = await system.addInstance('product-service');
    await waitFor(async () => (await handled(joined)) > 10, { timeoutMs: 20_000, what: 'an instance registered after the restart to get traffic' });
    const result = await load.stop();
    expect(result.failures).toEqual([]);
    for (const app of Object.values(system.apps)) expect(app.running).toBe(true);
  });
});
