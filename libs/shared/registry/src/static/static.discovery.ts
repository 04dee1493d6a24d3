import { type Discovery, type InstancesListener, type RegistryStatus, type RegistryStatusSource } from '../ports/discovery.port';
import { type ServiceInstance } from '../ports/service-instance';
import { parseHostPort } from './host-port';

/**
 * Fixed addresses per service name from config: the embedded default, where each service
 * runs once on a known port and nothing needs a registry.
 *
 * @example
 * const discovery = new StaticDiscovery({ 'product-service': '127.0.0.1:50052' });
 */
export class StaticDiscovery implements Discovery, RegistryStatusSource {
  private readonly instances = new Map<string, ServiceInstance[]>();

  /** @param addresses `host:port`, or several, per service name; validated here. */
  constructor(addresses: Readonly<Record<string, string | readonly string[]>>) {
    for (const [name, value] of Object.entries(addresses)) {
      const list = typeof value === 'string' ? [value] : value;
      this.instances.set(
        name,
        list.map((address) => {
          const { host, port } = parseHostPort(address);
          return { id: `${name}@${address}`, name, address: host, port, tags: [], meta: {} };
        }),
      );
    }
  }

  /** The configured instances; none for a name that is not configured. */
  async getService(name: string): Promise<ServiceInstance[]> {
    return [...(this.instances.get(name) ?? [])];
  }

  /** Reports the configured instances once (asynchronously, like a registry would); they never change. */
  watch(name: string, listener: InstancesListener): () => void {
    let active = true;
    queueMicrotask(() => {
      if (active) listener([...(this.instances.get(name) ?? [])]);
    });
    return () => {
      active = false;
    };
  }

  /** Config is always reachable. */
  registryStatus(): RegistryStatus {
    return { reachable: true };
  }
}
