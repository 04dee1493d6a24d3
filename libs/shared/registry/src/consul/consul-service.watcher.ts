import { type LoggerService } from '@nestjs/common';
import type Consul from 'consul';
import { type InstancesListener } from '../ports/discovery.port';
import { type ServiceInstance } from '../ports/service-instance';
import { sameInstances, toServiceInstances } from './consul-health-entry';

/** Blocking-query and backoff settings of a {@link ConsulServiceWatcher}. */
export interface ConsulWatchSettings {
  /** Longest a blocking query waits for a change, as a Consul duration (`30s`). */
  readonly wait: string;
  /** First retry delay after a failure; it doubles per failure. */
  readonly backoffFactorMs: number;
  readonly backoffMaxMs: number;
}

type ConsulWatch = InstanceType<typeof Consul.Watch>;

/**
 * Follows the passing instances of one service with Consul blocking queries (the `consul`
 * client's Watch: index + wait, X-Consul-Index, exponential backoff on failure) and fans
 * changes out to listeners. During a Consul outage it keeps the last known instances, logs
 * once, and recovers by itself.
 */
export class ConsulServiceWatcher {
  private readonly listeners = new Set<InstancesListener>();
  private readonly errorListeners = new Set<(error: Error) => void>();
  private watch: ConsulWatch | undefined;
  private current: ServiceInstance[] | undefined;
  private failure: Error | undefined;
  private failedAttempts = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly client: Consul,
    readonly name: string,
    private readonly settings: ConsulWatchSettings,
    private readonly logger: Pick<LoggerService, 'log' | 'warn'>,
  ) {}

  /** The last known passing instances; undefined before Consul first answered. */
  get instances(): ServiceInstance[] | undefined {
    return this.current;
  }

  /** The error of the ongoing outage, if Consul is failing now. */
  get error(): Error | undefined {
    return this.failure;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Adds a listener; it hears the last known instances at once if there are some. */
  subscribe(listener: InstancesListener, onError?: (error: Error) => void): () => void {
    this.listeners.add(listener);
    if (onError) this.errorListeners.add(onError);
    const known = this.current;
    if (known) queueMicrotask(() => this.listeners.has(listener) && listener([...known]));
    return () => {
      this.listeners.delete(listener);
      if (onError) this.errorListeners.delete(onError);
    };
  }

  start(): void {
    if (this.watch || this.stopped) return;
    const watch = this.client.watch({
      method: this.client.health.service,
      options: { service: this.name, passing: 'true', wait: this.settings.wait },
      backoffFactor: this.settings.backoffFactorMs,
      backoffMax: this.settings.backoffMaxMs,
    });
    watch.on('change', (entries: unknown) => this.onChange(entries));
    watch.on('error', (error: Error) => this.onError(error));
    // The client ends a watch for good on some answers (400, no X-Consul-Index); start over
    // after a pause so that a misbehaving agent does not stop discovery forever.
    watch.on('end', () => {
      if (this.watch !== watch || this.stopped) return;
      this.watch = undefined;
      this.restartTimer = setTimeout(() => this.start(), this.settings.backoffMaxMs);
      this.restartTimer.unref();
    });
    this.watch = watch;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const watch = this.watch;
    this.watch = undefined;
    watch?.end();
    this.listeners.clear();
    this.errorListeners.clear();
  }

  private onChange(entries: unknown): void {
    if (this.failure) {
      this.logger.log(`Consul answers again for ${this.name} after ${this.failedAttempts} failed attempt(s)`);
      this.failure = undefined;
      this.failedAttempts = 0;
    }
    const instances = toServiceInstances(this.name, entries);
    if (this.current && sameInstances(this.current, instances)) return;
    this.current = instances;
    for (const listener of this.listeners) listener([...instances]);
  }

  private onError(error: Error): void {
    if (!this.failure) {
      const kept = this.current ? `keeping ${this.current.length} last known instance(s)` : 'no instances known yet';
      this.logger.warn(`Consul query for ${this.name} failed, retrying with backoff; ${kept}: ${error.message}`);
    }
    this.failure = error;
    this.failedAttempts += 1;
    for (const listener of this.errorListeners) listener(error);
  }
}
