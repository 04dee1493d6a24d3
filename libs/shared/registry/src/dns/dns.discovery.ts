import { lookup } from 'node:dns/promises';
import { type Discovery, type InstancesListener, type RegistryStatus, type RegistryStatusSource } from '../ports/discovery.port';
import { type ServiceInstance } from '../ports/service-instance';
import { sameInstances } from '../consul/consul-health-entry';
import { parseHostPort } from '../static/host-port';

/**
 * Discovery from DNS: a Kubernetes headless service name resolves to one A record per ready
 * pod. Channels in dns mode resolve by themselves (`dns:///`); this adapter serves the
 * readiness indicator and anything else that needs the instance list.
 *
 * @example
 * new DnsDiscovery({ 'product-service': 'product-service.acme.svc.cluster.local:50052' });
 */
export class DnsDiscovery implements Discovery, RegistryStatusSource {
  private lastError: string | undefined;

  /**
   * @param addresses `fqdn:port` (or `dns:///fqdn:port`) per service name.
   * @param pollIntervalMs how often `watch` resolves again. Default 10000 ms.
   */
  private readonly addresses: Readonly<Record<string, string>>;

  constructor(
    addresses: Readonly<Record<string, string>>,
    private readonly pollIntervalMs = 10_000,
  ) {
    // Accept the channel's own form too: dns:///host:port.
    this.addresses = Object.fromEntries(Object.entries(addresses).map(([name, address]) => [name, address.replace(/^dns:\/\/[^/]*\//, '')]));
    for (const address of Object.values(this.addresses)) parseHostPort(address);
  }

  async getService(name: string): Promise<ServiceInstance[]> {
    const address = this.addresses[name];
    if (!address) return [];
    const { host, port } = parseHostPort(address);
    try {
      const records = await lookup(host, { all: true });
      this.lastError = undefined;
      return records
        .map(({ address: ip }) => ({ id: `${name}@${ip}:${port}`, name, address: ip, port, tags: [], meta: {} }))
        .sort((a, b) => a.id.localeCompare(b.id));
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  /** Resolves now and every `pollIntervalMs`, reporting changes; keeps the last list on failure. */
  watch(name: string, listener: InstancesListener, onError?: (error: Error) => void): () => void {
    let last: ServiceInstance[] | undefined;
    let active = true;
    const poll = async (): Promise<void> => {
      try {
        const instances = await this.getService(name);
        if (active && (!last || !sameInstances(last, instances))) {
          last = instances;
          listener([...instances]);
        }
      } catch (error) {
        if (active) onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), this.pollIntervalMs);
    timer.unref();
    return () => {
      active = false;
      clearInterval(timer);
    };
  }

  registryStatus(): RegistryStatus {
    return this.lastError ? { reachable: false, error: this.lastError } : { reachable: true };
  }
}
