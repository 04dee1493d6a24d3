import { describe, expect, it } from 'vitest';
import { DnsDiscovery } from './dns.discovery';

describe('DnsDiscovery', () => {
  it('resolves a name to one instance per address', async () => {
    const discovery = new DnsDiscovery({ 'product-service': 'dns:///localhost:50052' });
    const instances = await discovery.getService('product-service');
    expect(instances.length).toBeGreaterThan(0);
    expect(instances.every((i) => i.port === 50052 && /^(127\.0\.0\.1|::1)$/.test(i.address))).toBe(true);
    expect(discovery.registryStatus()).toEqual({ reachable: true });
  });

  it('reports an unresolvable name as unreachable and to watchers', async () => {
    const discovery = new DnsDiscovery({ ghost: 'ghost.invalid:1' });
    await expect(discovery.getService('ghost')).rejects.toThrow();
    expect(discovery.registryStatus().reachable).toBe(false);
    const error = await new Promise<Error>((resolve) => {
      const stop = discovery.watch('ghost', () => undefined, (e) => {
        stop();
        resolve(e);
      });
    });
    expect(error.message).toMatch(/ghost\.invalid/);
  });
});
