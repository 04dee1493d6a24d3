import { type LoadBalancingConfig } from '@grpc/grpc-js';
import { CONSUL_SCHEME } from './discovery.resolver';

/**
 * How clients find services: `static` dials a configured `host:port` (the embedded default),
 * `consul` follows Consul's passing instances through the `consul:///` resolver, `dns`
 * resolves a Kubernetes headless service (`dns:///svc.ns.svc.cluster.local:port`).
 */
export type DiscoveryMode = 'static' | 'consul' | 'dns';

/** The load-balancing policies the modes use. */
export type LoadBalancingPolicyName = 'round_robin' | 'pick_first';

/** What a client channel needs for one backend service. */
export interface ResolvedTarget {
  /** The grpc-js channel target. */
  readonly target: string;
  /** The policy by name (`@acme/grpc-client`'s `loadBalancing`). */
  readonly loadBalancing: LoadBalancingPolicyName;
  /** The same as service config, to merge into `grpc.service_config` next to the retry policy. */
  readonly serviceConfig: { readonly loadBalancingConfig: LoadBalancingConfig[] };
}

/** Per-service inputs of {@link resolveTarget}. */
export interface TargetConfig {
  /** `host:port` in static mode; the headless service `fqdn:port` in dns mode; unused in consul mode. */
  readonly address?: string;
  /** Resolver scheme in consul mode. Default `consul`. */
  readonly consulScheme?: string;
}

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
      return withPolicy(requireAddress(mode, serviceName, config), 'pick_first');
    case 'dns': {
      const address = requireAddress(mode, serviceName, config);
      return withPolicy(address.startsWith('dns:') ? address : `dns:///${address}`, 'round_robin');
    }
    case 'consul':
      return withPolicy(`${config.consulScheme ?? CONSUL_SCHEME}:///${serviceName}`, 'round_robin');
    default: {
      const unknownMode: never = mode;
      throw new Error(`unknown discovery mode ${String(unknownMode)}`);
    }
  }
}

function withPolicy(target: string, loadBalancing: LoadBalancingPolicyName): ResolvedTarget {
  return { target, loadBalancing, serviceConfig: { loadBalancingConfig: [{ [loadBalancing]: {} }] } };
}

function requireAddress(mode: DiscoveryMode, serviceName: string, config: TargetConfig): string {
  if (!config.address) throw new Error(`${mode} discovery needs an address for ${serviceName}`);
  return config.address;
}
