import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ConsulDouble, startConsulDouble } from './consul-double.server';
import { consulGet, startTestInstance, type TestInstance } from './spec/fixtures.spec-helper';
import { waitFor } from '@acme/testing';

type Entry = { Node: Record<string, unknown>; Service: Record<string, unknown>; Checks: Record<string, unknown>[] };

describe('Consul double HTTP API', () => {
  let consul: ConsulDouble;
  const instances: TestInstance[] = [];

  beforeAll(async () => {
    consul = await startConsulDouble();
  });

  afterEach(async () => {
    for (const instance of instances.splice(0)) instance.kill();
    const services = (await consulGet(`${consul.url}/v1/agent/services`)).body as Record<string, unknown>;
    for (const id of Object.keys(services)) await put(`/v1/agent/service/deregister/${encodeURIComponent(id)}`);
  });

  afterAll(async () => {
    await consul.stop();
  });

  function put(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${consul.url}${path}`, { method: 'PUT', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  async function health(name: string, query = ''): Promise<{ index: number; entries: Entry[] }> {
    const { status, index, body } = await consulGet(`${consul.url}/v1/health/service/${name}${query}`);
    expect(status).toBe(200);
    return { index, entries: body as Entry[] };
  }

  async function checkStatus(checkId: string): Promise<string | undefined> {
    const checks = (await consulGet(`${consul.url}/v1/agent/checks`)).body as Record<string, { Status: string }>;
    return checks[checkId]?.Status;
  }

  it('registers with a TTL check: critical until passed, passing in ?passing, critical again when the TTL expires', async () => {
    const registered = await put('/v1/agent/service/register', {
      Name: 'web',
      ID: 'web-1',
      Address: '10.0.0.1',
      Port: 8080,
      Tags: ['v1'],
      Meta: { version: '1.0.0' },
      Check: { TTL: '300ms' },
    });
    expect(registered.status).toBe(200);

    const { entries, index } = await health('web');
    expect(index).toBeGreaterThan(0);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.Service).toMatchObject({ ID: 'web-1', Service: 'web', Address: '10.0.0.1', Port: 8080, Tags: ['v1'], Meta: { version: '1.0.0' } });
    expect(entries[0]?.Node).toMatchObject({ Node: 'consul-double', Address: '127.0.0.1', Datacenter: 'dc1' });
    expect(entries[0]?.Checks.map((c) => [c['CheckID'], c['Status'], c['Type']])).toEqual([
      ['serfHealth', 'passing', ''],
      ['service:web-1', 'critical', 'ttl'],
    ]);
    expect((await health('web', '?passing')).entries).toEqual([]);

    expect((await put('/v1/agent/check/pass/service:web-1?note=fine')).status).toBe(200);
    const passing = await health('web', '?passing=true');
    expect(passing.entries.map((e) => e.Service['ID'])).toEqual(['web-1']);
    expect(passing.entries[0]?.Checks[1]).toMatchObject({ Status: 'passing', Output: 'fine' });

    await waitFor(async () => (await checkStatus('service:web-1')) === 'critical');
    expect((await health('web', '?passing')).entries).toEqual([]);
  });

  it('answers the catalog and agent listings in Consul shapes, with numbered IDs for several checks', async () => {
    await put('/v1/agent/service/register', {
      Name: 'api',
      ID: 'api-1',
      Port: 9000,
      Tags: ['a', 'b'],
      Checks: [
        { TTL: '1m', Status: 'passing' },
        { Name: 'second', TTL: '1m', Status: 'warning' },
      ],
    });
    await put('/v1/agent/service/register', { Name: 'api', ID: 'api-2', Port: 9001, Tags: ['c'] });

    expect((await consulGet(`${consul.url}/v1/catalog/services`)).body).toEqual({ api: ['a', 'b', 'c'] });
    const catalog = (await consulGet(`${consul.url}/v1/catalog/service/api?tag=a`)).body as Record<string, unknown>[];
    expect(catalog).toHaveLength(1);
    expect(catalog[0]).toMatchObject({ Node: 'consul-double', Address: '127.0.0.1', ServiceID: 'api-1', ServiceName: 'api', ServiceAddress: '', ServicePort: 9000 });
    const agent = (await consulGet(`${consul.url}/v1/agent/services`)).body as Record<string, Record<string, unknown>>;
    expect(agent['api-2']).toMatchObject({ ID: 'api-2', Service: 'api', Port: 9001, Tags: ['c'], Weights: { Passing: 1, Warning: 1 } });
    const checks = (await consulGet(`${consul.url}/v1/agent/checks`)).body as Record<string, Record<string, unknown>>;
    expect(checks['service:api-1:1']).toMatchObject({ Name: "Service 'api' check", Status: 'passing', ServiceID: 'api-1' });
    expect(checks['service:api-1:2']).toMatchObject({ Name: 'second', Status: 'warning' });
    // A warning is not passing; an instance without checks is.
    expect((await health('api', '?passing')).entries.map((e) => e.Service['ID'])).toEqual(['api-2']);
  });

  it('blocks a query with index until the service changes, and until wait when nothing relevant does', async () => {
    await put('/v1/agent/service/register', { Name: 'blocking', ID: 'blocking-1', Port: 1 });
    const first = await health('blocking');

    const started = Date.now();
    const pending = health('blocking', `?index=${first.index}&wait=30s`);
    let settled = false;
    void pending.then(() => (settled = true));
    await put('/v1/agent/service/register', { Name: 'unrelated', Port: 2 });
    await consulGet(`${consul.url}/v1/status/leader`);
    expect(settled).toBe(false);
    await put('/v1/agent/service/register', { Name: 'blocking', ID: 'blocking-2', Port: 3 });
    const woken = await pending;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(woken.index).toBeGreaterThan(first.index);
    expect(woken.entries.map((e) => e.Service['ID'])).toEqual(['blocking-1', 'blocking-2']);

    const quietStart = Date.now();
    const quiet = await health('blocking', `?index=${woken.index}&wait=200ms`);
    expect(Date.now() - quietStart).toBeGreaterThanOrEqual(190);
    expect(quiet.index).toBe(woken.index);
  });

  it('runs GRPC checks against grpc.health.v1: passing, critical on NOT_SERVING or when the server is gone, then reaped', async () => {
    const instance = await startTestInstance('grpc-1', ['acme.demo.v1.DemoService']);
    instances.push(instance);
    await put('/v1/agent/service/register', {
      Name: 'grpc',
      ID: 'grpc-1',
      Address: '127.0.0.1',
      Port: instance.port,
      Check: { GRPC: `127.0.0.1:${instance.port}/acme.demo.v1.DemoService`, GRPCUseTLS: false, Interval: '50ms', Timeout: '500ms', DeregisterCriticalServiceAfter: '400ms' },
    });
    await waitFor(async () => (await checkStatus('service:grpc-1')) === 'passing');

    instance.health.setNotServing('acme.demo.v1.DemoService');
    await waitFor(async () => (await checkStatus('service:grpc-1')) === 'critical');
    const checks = (await consulGet(`${consul.url}/v1/agent/checks`)).body as Record<string, { Output: string }>;
    expect(checks['service:grpc-1']?.Output).toMatch(/NOT_SERVING/);
    instance.health.setServing('acme.demo.v1.DemoService');
    await waitFor(async () => (await checkStatus('service:grpc-1')) === 'passing');

    instance.kill();
    await waitFor(async () => (await checkStatus('service:grpc-1')) === 'critical');
    expect((await health('grpc', '?passing')).entries).toEqual([]);
    await waitFor(async () => (await health('grpc')).entries.length === 0);
    expect(await checkStatus('service:grpc-1')).toBeUndefined();
  });

  it('runs HTTP checks: 2xx passing, 429 warning, other statuses critical', async () => {
    let answer = 200;
    const server: Server = createServer((_req, res) => res.writeHead(answer).end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      await put('/v1/agent/service/register', {
        Name: 'http',
        ID: 'http-1',
        Port: port,
        Check: { HTTP: `http://127.0.0.1:${port}/health`, Interval: '50ms', Timeout: '1s', Header: { 'X-Probe': ['consul'] } },
      });
      await waitFor(async () => (await checkStatus('service:http-1')) === 'passing');
      answer = 429;
      await waitFor(async () => (await checkStatus('service:http-1')) === 'warning');
      answer = 503;
      await waitFor(async () => (await checkStatus('service:http-1')) === 'critical');
    } finally {
      server.close();
    }
  });

  it('validates registrations and answers unknown IDs and methods as Consul does', async () => {
    expect((await put('/v1/agent/service/register', { Port: 1 })).status).toBe(400);
    expect(await (await put('/v1/agent/service/register', { Name: 'x', Check: { GRPC: '127.0.0.1:1' } })).text()).toMatch(/Interval must be > 0/);
    expect((await put('/v1/agent/service/register', { Name: 'x', Check: { Args: ['/bin/true'], Interval: '1s' } })).status).toBe(400);
    expect((await put('/v1/agent/service/register', { Name: 'x', Check: { TTL: 'soon' } })).status).toBe(400);
    expect((await put('/v1/agent/service/deregister/nope')).status).toBe(404);
    expect((await put('/v1/agent/check/pass/nope')).status).toBe(404);
    expect((await fetch(`${consul.url}/v1/agent/service/register`)).status).toBe(405);
  });

  it('keeps its state across a restart unless told to forget it (index reset included)', async () => {
    await put('/v1/agent/service/register', { Name: 'durable', ID: 'durable-1', Port: 1 });
    const before = await health('durable');
    await consul.restart();
    // The first request may still pick a pooled connection the restart closed, as with a real agent.
    expect((await waitFor(() => health('durable'))).entries).toHaveLength(1);
    await consul.restart({ keepState: false });
    const after = await waitFor(() => health('durable'));
    expect(after.entries).toEqual([]);
    expect(after.index).toBeLessThan(before.index);
  });
});

describe('Consul double with an ACL token', () => {
  it('refuses requests without the token or with another one', async () => {
    const consul = await startConsulDouble({ aclToken: 's3cret' });
    try {
      expect((await fetch(`${consul.url}/v1/agent/services`)).status).toBe(403);
      expect((await fetch(`${consul.url}/v1/agent/services`, { headers: { 'X-Consul-Token': 'guess' } })).status).toBe(403);
      expect((await fetch(`${consul.url}/v1/agent/services`, { headers: { 'X-Consul-Token': 's3cret' } })).status).toBe(200);
      expect((await fetch(`${consul.url}/v1/agent/services`, { headers: { Authorization: 'Bearer s3cret' } })).status).toBe(200);
    } finally {
      await consul.stop();
    }
  });
});
