import { type LoadBalancingConfig } from '@grpc/grpc-js';
import { CONSUL_SCHEME } from './discovery.resolver';

/**
 * How clients find services: `static` dials a configured `host:port` (the embedded default),
 * `consul` follows Consul's passing instances through the `consul:///` resolver, `dns`
 * resolves a Kubernetes headless service (`dns:///svc.ns.svc.cluster.local:port`).
 */
export type DiscoveryMode = 'static' | 'consul' | 'dns';

/** What a client channel needs for one backend service. */
export interface ResolvedTarget {
  /** The grpc-js channel target. */
  readonly target: string;
  /** Merge into the channel's service config (`grpc.service_config`) next to the retry policy. */
  readonly serviceConfig: { readonly loadBalancingConfig: LoadBalancingConfig[] };
}

/** Per-service inputs of {@link resolveTarget}. */
export interface TargetConfig {
  /** `host:port` in static mode; the headless service `fqdn:port` in dns mode; unused in consul mode. */
  readonly address?: string;
  /** Resolver scheme in consul mode. Default `consul`. */
  readonly consulScheme?: string;
}

const roundRobin: LoadBalancingConfig[] = [{ round_robin: {} }];

/**
 * The channel target and load-balancing policy for a service in a discovery mode. Several
 * addresses behind one name (consul, dns) are balanced per call with round_robin; a static
 * address keeps pick_first.
 *
 * @example
 * resolveTarget('static', 'product-service', { address: '127.0.0.1:50052' }).target // '127.0.0.1:50052'
 * resolveTarget('consul', 'product-service', {}).target // 'consul:///product-service'
 * resolveTarget('dns', 'product-service', { address: 'product-service.acme.svc.cluster.local:50052' }).target
 * // 'dns:///product-service.acme.svc.cluster.local:50052'
 */
export function resolveTarget(mode: DiscoveryMode, serviceName: string, config: TargetConfig): ResolvedTarget {
  switch (mode) {
    case 'static':
      return { target: requireAddress(mode, serviceName, config), serviceConfig: { loadBalancingConfig: [{ pick_first: {} }] } };
    case 'dns': {
      const address = requireAddress(mode, serviceName, config);
      const target = address.startsWith('dns:') ? address : `dns:///${address}`;
      return { target, serviceConfig: { loadBalancingConfig: roundRobin } };
    }
    case 'consul':
      return { target: `${config.consulScheme ?? CONSUL_SCHEME}:///${serviceName}`, serviceConfig: { loadBalancingConfig: roundRobin } };
    default: {
      const unknownMode: never = mode;
      throw new Error(`unknown discovery mode ${String(unknownMode)}`);
    }
  }
}

function requireAddress(mode: DiscoveryMode, serviceName: string, config: TargetConfig): string {
  if (!config.address) throw new Error(`${mode} discovery needs an address for ${serviceName}`);
  return config.address;
}
