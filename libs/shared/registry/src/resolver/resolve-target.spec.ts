import { describe, expect, it } from 'vitest';
import { resolveTarget } from './resolve-target';

describe('resolveTarget', () => {
  it('static: the configured address with pick_first', () => {
    expect(resolveTarget('static', 'product-service', { address: '127.0.0.1:50052' })).toEqual({
      target: '127.0.0.1:50052',
      loadBalancing: 'pick_first',
      serviceConfig: { loadBalancingConfig: [{ pick_first: {} }] },
    });
  });

  it('consul: the consul:/// resolver with round_robin', () => {
    expect(resolveTarget('consul', 'product-service', {})).toEqual({
      target: 'consul:///product-service',
      loadBalancing: 'round_robin',
      serviceConfig: { loadBalancingConfig: [{ round_robin: {} }] },
    });
    expect(resolveTarget('consul', 'product-service', { consulScheme: 'registry' }).target).toBe('registry:///product-service');
  });

  it('dns: the headless service through dns:/// with round_robin', () => {
    expect(resolveTarget('dns', 'product-service', { address: 'product-service.acme.svc.cluster.local:50052' })).toEqual({
      target: 'dns:///product-service.acme.svc.cluster.local:50052',
      loadBalancing: 'round_robin',
      serviceConfig: { loadBalancingConfig: [{ round_robin: {} }] },
    });
    expect(resolveTarget('dns', 'x', { address: 'dns:///x.ns.svc:1' }).target).toBe('dns:///x.ns.svc:1');
  });

  it('needs an address in static and dns modes', () => {
    expect(() => resolveTarget('static', 'product-service', {})).toThrow(/needs an address for product-service/);
    expect(() => resolveTarget('dns', 'product-service', {})).toThrow(/needs an address/);
  });
});
