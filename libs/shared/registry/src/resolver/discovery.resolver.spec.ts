import { status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Discovery, type InstancesListener } from '../ports/discovery.port';
import { type ServiceInstance } from '../ports/service-instance';
import { EchoClient, type EchoServer, startEchoServer } from '../spec/echo-server.spec-helper';
import { registerConsulResolver } from './discovery.resolver';
import { resolveTarget } from './resolve-target';
import { waitFor } from '@acme/testing';

/** A registry held in memory: the test decides which instances exist. */
class ListDiscovery implements Discovery {
  private instances: ServiceInstance[] = [];
  private readonly listeners = new Set<InstancesListener>();
  failure: Error | undefined;

  set(servers: readonly EchoServer[]): void {
    this.instances = servers.map((s) => ({ id: s.name, name: 'echo', address: '127.0.0.1', port: s.port, tags: [], meta: {} }));
    for (const listener of this.listeners) listener([...this.instances]);
  }

  async getService(): Promise<ServiceInstance[]> {
    return [...this.instances];
  }

  watch(_name: string, listener: InstancesListener, onError?: (error: Error) => void): () => void {
    this.listeners.add(listener);
    queueMicrotask(() => (this.failure ? onError?.(this.failure) : listener([...this.instances])));
    return () => this.listeners.delete(listener);
  }
}

describe('registerConsulResolver', () => {
  const discovery = new ListDiscovery();
  const servers: EchoServer[] = [];
  let client: EchoClient;

  beforeAll(async () => {
    servers.push(await startEchoServer('a'), await startEchoServer('b'), await startEchoServer('c'));
    registerConsulResolver(discovery, 'list');
    discovery.set([servers[0]!, servers[1]!]);
    const { target, serviceConfig } = resolveTarget('consul', 'echo', { consulScheme: 'list' });
    client = new EchoClient(target, { 'grpc.service_config': JSON.stringify(serviceConfig) });
  });

  afterAll(() => {
    client.close();
    for (const server of servers) server.kill();
  });

  it('spreads the calls of one channel over every discovered instance', async () => {
    // Once both connections are up, round_robin alternates strictly.
    const names = await waitFor(async () => {
      const burst = await client.burst(20);
      return burst.filter((n) => n === 'a').length === 10 && burst;
    });
    expect(names.filter((n) => n === 'b').length).toBe(10);
  });

  it('follows instances joining and leaving', async () => {
    discovery.set([servers[1]!, servers[2]!]);
    const after = await waitFor(async () => {
      const burst = await client.burst(20);
      return !burst.includes('a') && new Set(burst).size === 2 && burst;
    });
    expect(new Set(after)).toEqual(new Set(['b', 'c']));
  });

  it('stops sending to an instance that died before discovery noticed', async () => {
    servers[2]!.kill();
    // The first pick may still land on the dead connection; once grpc-js sees it drop, none does.
    const burst = await waitFor(async () => {
      const names = await client.burst(10);
      return names.every((n) => n === 'b') && names;
    });
    expect(burst).toHaveLength(10);
  });

  it('fails calls fast with UNAVAILABLE when discovery fails before any answer', async () => {
    const failing = new ListDiscovery();
    failing.failure = new Error('registry down');
    registerConsulResolver(failing, 'failing');
    const lonely = new EchoClient('failing:///echo');
    const error = await lonely.whoAmI().catch((e: ServiceError) => e);
    lonely.close();
    expect((error as ServiceError).code).toBe(status.UNAVAILABLE);
    expect((error as ServiceError).details).toMatch(/discovery of echo failed: registry down/);
  });
});
