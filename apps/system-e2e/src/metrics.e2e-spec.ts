import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '@acme/testing';
import { createProduct, signUp } from './support/fixtures';
import { HttpClient } from './support/http-client';
import { System } from './support/system';

interface PromVector {
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

// A real Prometheus server (Debian's `prometheus`) scrapes the gateway's /metrics and every
// service's metrics port; its query API must see every target up and the RED counters move.
describe('Prometheus scrapes every app', () => {
  let system: System;
  let prometheus: ChildProcess;
  let promUrl: string;
  let workDir: string;

  const query = async (promql: string): Promise<PromVector['data']['result']> => {
    const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
    return ((await response.json()) as PromVector).data.result;
  };

  beforeAll(async () => {
    system = await System.start({ database: 'pglite' });
    workDir = mkdtempSync(join(tmpdir(), 'acme-prometheus-'));
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    const targets = (['gateway', 'user-service', 'product-service', 'order-service'] as const).map((name) => {
      const app = system.apps[name];
      return `127.0.0.1:${name === 'gateway' ? app.port : app.environment['METRICS_PORT']}`;
    });
    writeFileSync(
      join(workDir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\nscrape_configs:\n  - job_name: acme\n    static_configs:\n      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]\n`,
    );
    prometheus = spawn('prometheus', [
      `--config.file=${join(workDir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(workDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ], { stdio: 'ignore' });
    await waitFor(async () => (await fetch(`${promUrl}/-/ready`)).ok, { timeoutMs: 30_000, what: 'Prometheus to be ready' });
  });
  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      prometheus.kill('SIGTERM');
      await once(prometheus, 'exit');
    }
    await system?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('sees all four targets up and the request counters move after traffic', async () => {
    await waitFor(async () => (await query('up == 1')).length === 4, { timeoutMs: 30_000, what: 'four targets up' });
    const gatewayRequests = async (): Promise<number> =>
      (await query('sum(http_server_requests_total{service="gateway"})')).reduce((sum, r) => sum + Number(r.value[1]), 0);
    const before = await gatewayRequests();

    const buyer = await signUp(new HttpClient(system.baseUrl));
    const product = await createProduct(buyer.client, 3);
    expect((await buyer.client.post('/v1/orders', { items: [{ productId: product.id, quantity: 1 }] })).status).toBe(201);

    await waitFor(async () => (await gatewayRequests()) >= before + 4, { timeoutMs: 30_000, what: 'gateway counters to move' });
    await waitFor(
      async () => (await query('grpc_server_handled_total{service="product-service",grpc_method="ReserveStock",grpc_code="OK"}')).length === 1,
      { timeoutMs: 30_000, what: 'ReserveStock counted on product-service' },
    );
    await waitFor(async () => (await query('grpc_client_handled_total{service="order-service",grpc_method="GetUser"}')).length >= 1, {
      timeoutMs: 30_000,
      what: 'order-service client metrics',
    });
    await waitFor(
      async () => (await query('http_server_request_duration_seconds_count{service="gateway",route="/v1/orders",method="POST",status_code="201"}')).length === 1,
      { timeoutMs: 30_000, what: 'the order request in the latency histogram' },
    );
    expect((await query('nodejs_eventloop_lag_seconds')).length).toBe(4);
  });
});
