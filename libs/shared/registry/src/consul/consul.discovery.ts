import { Logger, type LoggerService } from '@nestjs/common';
import type Consul from 'consul';
import {
  type Discovery,
  type InstancesListener,
  type RegistryStatus,
  type RegistryStatusSource,
} from '../ports/discovery.port';
import { type ServiceInstance } from '../ports/service-instance';
import { toServiceInstances } from './consul-health-entry';
import { ConsulServiceWatcher, type ConsulWatchSettings } from './consul-service.watcher';

/** Options of {@link ConsulDiscovery}. */
export interface ConsulDiscoveryOptions extends Partial<ConsulWatchSettings> {
  /** A client from `createConsulClient`; the caller owns (and destroys) it. */
  readonly client: Consul;
  /** Timeout of a one-off query when nothing is cached. Default 5000 ms. */
  readonly requestTimeoutMs?: number;
  readonly logger?: Pick<LoggerService, 'log' | 'warn'>;
}

/**
 * Discovery from Consul's health API: `/v1/health/service/<name>?passing`, followed with
 * blocking queries. One watcher per service name is shared by all its listeners and lives
 * while someone listens; `getService` answers from it when there is one. A Consul outage
 * keeps the last known instances and never throws to listeners.
 *
 * @example
 * const discovery = new ConsulDiscovery({ client: createConsulClient({ address: 'http://consul:8500' }) });
 * const stop = discovery.watch('product-service', (instances) => log(instances));
 */
export class ConsulDiscovery implements Discovery, RegistryStatusSource {
  private readonly watchers = new Map<string, ConsulServiceWatcher>();
  private readonly settings: ConsulWatchSettings;
  private readonly logger: Pick<LoggerService, 'log' | 'warn'>;
  private readonly requestTimeoutMs: number;
  private lastQueryError: string | undefined;

  constructor(private readonly options: ConsulDiscoveryOptions) {
    this.settings = {
      wait: options.wait ?? '30s',
      backoffFactorMs: options.backoffFactorMs ?? 100,
      backoffMaxMs: options.backoffMaxMs ?? 5_000,
    };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
    this.logger = options.logger ?? new Logger(ConsulDiscovery.name);
  }

  /**
   * The passing instances of `name`: from the live watcher if one follows it, else one query.
   * Rejects only when Consul fails and nothing is known about the service.
   */
  async getService(name: string): Promise<ServiceInstance[]> {
    const known = this.watchers.get(name)?.instances;
    if (known) return [...known];
    try {
      const query = { service: name, passing: true, timeout: this.requestTimeoutMs };
      const instances = toServiceInstances(name, await this.options.client.health.service(query));
      this.lastQueryError = undefined;
      return instances;
    } catch (error) {
      this.lastQueryError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  watch(name: string, listener: InstancesListener, onError?: (error: Error) => void): () => void {
    let watcher = this.watchers.get(name);
    if (!watcher) {
      watcher = new ConsulServiceWatcher(this.options.client, name, this.settings, this.logger);
      this.watchers.set(name, watcher);
      watcher.start();
    }
    const unsubscribe = watcher.subscribe(listener, onError);
    const owner = watcher;
    return () => {
      unsubscribe();
      if (owner.listenerCount === 0 && this.watchers.get(name) === owner) {
        owner.stop();
        this.watchers.delete(name);
      }
    };
  }

  /** Unreachable while any watcher (or, without watchers, the last query) is failing. */
  registryStatus(): RegistryStatus {
    for (const watcher of this.watchers.values()) {
      if (watcher.error) return { reachable: false, error: watcher.error.message };
    }
    if (this.watchers.size === 0 && this.lastQueryError) return { reachable: false, error: this.lastQueryError };
    return { reachable: true };
  }

  /** Stops every watcher. */
  close(): void {
    for (const watcher of this.watchers.values()) watcher.stop();
    this.watchers.clear();
  }
}
