import { RegistryHealthIndicator } from '@acme/health';
import {
  ConsulDiscovery,
  ConsulRegistrar,
  createConsulClient,
  createRegistry,
  createServiceInstance,
  registryEnvSchema,
  type ServiceInstance,
  ServiceRegistration,
} from '@acme/registry';
import { HealthIndicatorService } from '@nestjs/terminus';
import type Consul from 'consul';
import { afterEach, describe, expect, it } from 'vitest';
import { type ConsulDouble, startConsulDouble } from './consul-double.server';
import { EchoClient, silentLogger, startTestInstance, type TestInstance } from './spec/fixtures.spec-helper';
import { waitFor } from '@acme/testing';

const PRODUCT = 'acme.product.v1.ProductService';
const check = { interval: '100ms', timeout: '500ms', deregisterCriticalServiceAfter: '1s', healthService: PRODUCT };

/** Registry, discovery and real instances over one Consul double, torn down after each test. */
class Fixture {
  readonly instances: TestInstance[] = [];
  readonly registrations: ServiceRegistration[] = [];
  private readonly closers: (() => void)[] = [];

  constructor(
    readonly consul: ConsulDouble,
    readonly client: Consul,
  ) {}

  static async start(options: { aclToken?: string; token?: string } = {}): Promise<Fixture> {
    const consul = await startConsulDouble({ aclToken: options.aclToken });
    return new Fixture(consul, createConsulClient({ address: consul.url, token: options.token }));
  }

  discovery(): ConsulDiscovery {
    const discovery = new ConsulDiscovery({ client: this.client, wait: '10s', backoffFactorMs: 20, backoffMaxMs: 200, logger: silentLogger });
    this.closers.push(() => discovery.close());
    return discovery;
  }

  /** A real instance with grpc.health.v1, and its (not yet started) registration. */
  async instance(name: string, options: { resyncIntervalMs?: number } = {}): Promise<{ server: TestInstance; registration: ServiceRegistration; instance: ServiceInstance }> {
    const server = await startTestInstance(name, [PRODUCT]);
    this.instances.push(server);
    const instance = createServiceInstance({ name: 'product-service', address: '127.0.0.1', port: server.port, version: '1.2.3', tags: ['grpc'] });
    const registration = new ServiceRegistration({
      registrar: new ConsulRegistrar({ client: this.client, check }),
      instance,
      logger: silentLogger,
      retryInitialMs: 20,
      retryMaxMs: 100,
      resyncIntervalMs: options.resyncIntervalMs ?? 0,
    });
    this.registrations.push(registration);
    return { server, registration, instance };
  }

  onClose(closer: () => void): void {
    this.closers.push(closer);
  }

  async close(): Promise<void> {
    for (const registration of this.registrations) await registration.stop();
    for (const closer of this.closers) closer();
    for (const server of this.instances) server.kill();
    this.client.destroy();
    await this.consul.stop();
  }
}

const ids = (instances: readonly ServiceInstance[]): string[] => instances.map((i) => i.id).sort();

describe('registry over Consul (double) with real gRPC instances', () => {
  let fixture: Fixture;
  afterEach(async () => {
    await fixture.close();
  });

  it('registers with a GRPC check on grpc.health.v1 and is discovered once passing, with tags and meta', async () => {
    fixture = await Fixture.start();
    const discovery = fixture.discovery();
    const { server, registration, instance } = await fixture.instance('p1');

    expect(await registration.start()).toBe(true);
    expect(fixture.consul.instances('product-service')).toMatchObject([{ id: instance.id, port: server.port }]);

    const found = await waitFor(async () => {
      const list = await discovery.getService('product-service');
      return list.length === 1 && list;
    });
    expect(found[0]).toEqual({ ...instance, tags: ['grpc'], meta: { version: '1.2.3' } });

    // The check asks for the service's own name, not just the server.
    server.health.setNotServing(PRODUCT);
    await waitFor(() => fixture.consul.instances('product-service')[0]?.status === 'critical');
    expect(await discovery.getService('product-service')).toEqual([]);
  });

  it('follows an instance turning critical when its server dies; Consul then removes it', async () => {
    fixture = await Fixture.start();
    const discovery = fixture.discovery();
    const a = await fixture.instance('a');
    const b = await fixture.instance('b');
    await a.registration.start();
    await b.registration.start();

    let latest: ServiceInstance[] = [];
    fixture.onClose(discovery.watch('product-service', (instances) => (latest = instances)));
    await waitFor(() => latest.length === 2);

    a.server.kill();
    await waitFor(() => ids(latest).join() === b.instance.id);
    await waitFor(() => fixture.consul.instances('product-service').length === 1, { timeoutMs: 5_000 });
    expect(fixture.consul.instances('product-service')[0]?.id).toBe(b.instance.id);
  });

  it('balances one channel over every passing instance through consul:///, drops the dead one and takes a new one', async () => {
    fixture = await Fixture.start();
    const env = registryEnvSchema.parse({ DISCOVERY_MODE: 'consul', CONSUL_HTTP_ADDR: fixture.consul.url, CONSUL_CHECK_INTERVAL: '100ms', CONSUL_DEREGISTER_CRITICAL_AFTER: '1s' });
    const registry = createRegistry(env, { healthService: PRODUCT, watch: { backoffMaxMs: 200 }, logger: silentLogger });
    fixture.onClose(() => registry.close());

    const servers = await Promise.all(['a', 'b', 'c'].map((name) => startTestInstance(name, [PRODUCT])));
    fixture.instances.push(...servers);
    const [a, b, c] = servers as [TestInstance, TestInstance, TestInstance];
    const register = async (server: TestInstance): Promise<ServiceRegistration> => {
      const registration = registry.registrationFor({ name: 'product-service', address: '127.0.0.1', port: server.port, version: '1' });
      fixture.registrations.push(registration);
      expect(await registration.start()).toBe(true);
      return registration;
    };
    await register(a);
    await register(b);

    const { target, serviceConfig } = registry.targetFor('product-service');
    expect(target).toBe('consul:///product-service');
    const client = new EchoClient(target, { 'grpc.service_config': JSON.stringify(serviceConfig) });
    fixture.onClose(() => client.close());

    const spread = await waitFor(async () => {
      const burst = await client.burst(20);
      return burst.filter((n) => n === 'a').length === 10 && burst;
    });
    expect(spread.filter((n) => n === 'b')).toHaveLength(10);

    a.kill();
    await waitFor(async () => (await client.burst(10)).every((n) => n === 'b'));
    await waitFor(async () => (await registry.discovery.getService('product-service')).length === 1);

    await register(c);
    const joined = await waitFor(async () => {
      const burst = await client.burst(20);
      return burst.filter((n) => n === 'c').length === 10 && burst;
    });
    expect(joined.filter((n) => n === 'b')).toHaveLength(10);
  });

  it('deregisters on stop while the server still answers, so discovery drops the instance first', async () => {
    fixture = await Fixture.start();
    const discovery = fixture.discovery();
    const a = await fixture.instance('a');
    await a.registration.start();
    let latest: ServiceInstance[] = [];
    fixture.onClose(discovery.watch('product-service', (instances) => (latest = instances)));
    await waitFor(() => latest.length === 1);

    a.server.health.shutdown();
    await a.registration.stop();
    expect(fixture.consul.instances('product-service')).toEqual([]);
    await waitFor(() => latest.length === 0);
    const client = new EchoClient(`127.0.0.1:${a.server.port}`);
    expect(await client.whoAmI()).toBe('a');
    client.close();
  });

  it('keeps the last instances through a Consul outage, reports degraded, and resumes when Consul is back', async () => {
    fixture = await Fixture.start();
    const discovery = fixture.discovery();
    const a = await fixture.instance('a');
    await a.registration.start();
    let latest: ServiceInstance[] = [];
    let errors = 0;
    fixture.onClose(
      discovery.watch(
        'product-service',
        (instances) => (latest = instances),
        () => (errors += 1),
      ),
    );
    await waitFor(() => latest.length === 1);
    const indicator = new RegistryHealthIndicator(new HealthIndicatorService());
    expect((await indicator.check('registry', discovery, ['product-service'])).registry.status).toBe('up');

    await fixture.consul.down();
    await waitFor(() => errors >= 2);
    expect(ids(latest)).toEqual([a.instance.id]);
    expect(ids(await discovery.getService('product-service'))).toEqual([a.instance.id]);
    expect(discovery.registryStatus().reachable).toBe(false);
    expect((await indicator.check('registry', discovery, ['product-service'])).registry).toMatchObject({
      status: 'degraded',
      instances: { 'product-service': 1 },
    });

    await fixture.consul.up();
    const b = await fixture.instance('b');
    await b.registration.start();
    await waitFor(() => latest.length === 2);
    expect(discovery.registryStatus()).toEqual({ reachable: true });
  });

  it('registers again when Consul comes back without its state', async () => {
    fixture = await Fixture.start();
    const a = await fixture.instance('a', { resyncIntervalMs: 50 });
    await a.registration.start();
    await fixture.consul.restart({ keepState: false });
    expect(fixture.consul.instances('product-service')).toEqual([]);
    await waitFor(() => fixture.consul.instances('product-service')[0]?.id === a.instance.id);
  });

  it('retries the registration in the background while Consul is down at boot', async () => {
    fixture = await Fixture.start();
    await fixture.consul.down();
    const a = await fixture.instance('a');
    expect(await a.registration.start()).toBe(false);
    await fixture.consul.up();
    await waitFor(() => a.registration.registered);
    expect(fixture.consul.instances('product-service').map((i) => i.id)).toEqual([a.instance.id]);
  });

  it('sends the ACL token on registration and discovery', async () => {
    fixture = await Fixture.start({ aclToken: 's3cret', token: 's3cret' });
    const a = await fixture.instance('a');
    expect(await a.registration.start()).toBe(true);
    const discovery = fixture.discovery();
    await waitFor(async () => (await discovery.getService('product-service')).length === 1);

    const anonymous = createConsulClient({ address: fixture.consul.url });
    fixture.onClose(() => anonymous.destroy());
    await expect(new ConsulRegistrar({ client: anonymous }).register(a.instance)).rejects.toThrow(/Permission denied/);
  });
});
