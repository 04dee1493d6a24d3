import { describe, expect, it } from 'vitest';
import { parseHostPort } from './host-port';
import { StaticDiscovery } from './static.discovery';

describe('parseHostPort', () => {
  it('parses names, IPv4 and bracketed IPv6', () => {
    expect(parseHostPort('product-service:50052')).toEqual({ host: 'product-service', port: 50052 });
    expect(parseHostPort('127.0.0.1:1')).toEqual({ host: '127.0.0.1', port: 1 });
    expect(parseHostPort('[::1]:50052')).toEqual({ host: '::1', port: 50052 });
  });

  it('rejects anything else', () => {
    for (const bad of ['localhost', ':50052', 'host:0', 'host:70000', '::1:50052', 'http://host:1']) {
      expect(() => parseHostPort(bad), bad).toThrow(/host:port/);
    }
  });
});

describe('StaticDiscovery', () => {
  const discovery = new StaticDiscovery({ 'product-service': '127.0.0.1:50052', 'user-service': ['10.0.0.1:50051', '10.0.0.2:50051'] });

  it('returns the configured instances per name, none for others', async () => {
    expect(await discovery.getService('product-service')).toEqual([
      { id: 'product-service@127.0.0.1:50052', name: 'product-service', address: '127.0.0.1', port: 50052, tags: [], meta: {} },
    ]);
    expect((await discovery.getService('user-service')).map((i) => i.address)).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(await discovery.getService('order-service')).toEqual([]);
  });

  it('reports the instances to a watcher once, asynchronously', async () => {
    const seen: string[][] = [];
    discovery.watch('user-service', (instances) => seen.push(instances.map((i) => i.id)));
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual([['user-service@10.0.0.1:50051', 'user-service@10.0.0.2:50051']]);
  });

  it('fails fast on a bad address', () => {
    expect(() => new StaticDiscovery({ 'product-service': 'localhost' })).toThrow(/host:port/);
  });
});
