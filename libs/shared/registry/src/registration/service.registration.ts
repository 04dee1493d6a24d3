import { Logger, type LoggerService } from '@nestjs/common';
import { isRegistrationProbe, type Registrar } from '../ports/registrar.port';
import { type ServiceInstance } from '../ports/service-instance';

/** Options of {@link ServiceRegistration}. */
export interface ServiceRegistrationOptions {
  /** Undefined where the platform registers instances (static and dns modes). */
  readonly registrar: Registrar | undefined;
  readonly instance: ServiceInstance;
  /** First retry delay after a failed registration; doubles up to `retryMaxMs`. Default 500 ms. */
  readonly retryInitialMs?: number;
  /** Default 10000 ms. */
  readonly retryMaxMs?: number;
  /**
   * How often to check that the registry still holds the instance and register it again if
   * not (a registry restarted without its state). Default 30000 ms; 0 disables.
   */
  readonly resyncIntervalMs?: number;
  /** Shutdown never waits longer than this for the deregistration. Default 3000 ms. */
  readonly deregisterTimeoutMs?: number;
  readonly logger?: Pick<LoggerService, 'log' | 'warn'>;
}

/**
 * This service instance's membership in the registry. `start()` after the gRPC server
 * listens; `stop()` first thing on shutdown, right after health goes NOT_SERVING and before
 * the server stops accepting calls (kratos order: NOT_SERVING, deregister, drain, close).
 * Neither ever throws: a registry that is down at boot is retried in the background, and
 * one that is down at shutdown only costs `deregisterTimeoutMs`.
 *
 * @example
 * const registration = new ServiceRegistration({ registrar, instance: createServiceInstance({ name, address, port, version }) });
 * await app.listen();
 * await registration.start();
 * // on SIGTERM
 * health.shutdown();
 * await registration.stop();
 */
export class ServiceRegistration {
  private readonly logger: Pick<LoggerService, 'log' | 'warn'>;
  private retryTimer: NodeJS.Timeout | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private retryDelayMs: number;
  private registeredNow = false;
  private stopped = false;

  constructor(private readonly options: ServiceRegistrationOptions) {
    this.logger = options.logger ?? new Logger(ServiceRegistration.name);
    this.retryDelayMs = options.retryInitialMs ?? 500;
  }

  get instance(): ServiceInstance {
    return this.options.instance;
  }

  /** Whether the last registration attempt succeeded and no deregistration followed. */
  get registered(): boolean {
    return this.registeredNow;
  }

  /** Registers once; resolves with whether that worked (if not, retries continue in the background). */
  async start(): Promise<boolean> {
    const { registrar, instance } = this.options;
    if (!registrar) {
      this.logger.log(`${instance.name}: no registrar configured, the platform routes to this instance`);
      return false;
    }
    this.stopped = false;
    const ok = await this.attempt(registrar);
    const resyncMs = this.options.resyncIntervalMs ?? 30_000;
    if (resyncMs > 0) {
      this.resyncTimer = setInterval(() => void this.resync(registrar), resyncMs);
      this.resyncTimer.unref();
    }
    return ok;
  }

  /** Stops retrying and deregisters, within `deregisterTimeoutMs`. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.resyncTimer);
    const { registrar, instance } = this.options;
    if (!registrar) return;
    const timeoutMs = this.options.deregisterTimeoutMs ?? 3_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        registrar.deregister(instance.id),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      this.logger.log(`deregistered ${instance.id}`);
    } catch (error) {
      this.logger.warn(`could not deregister ${instance.id}; the registry's check will remove it: ${messageOf(error)}`);
    } finally {
      clearTimeout(timer);
      this.registeredNow = false;
    }
  }

  private async attempt(registrar: Registrar): Promise<boolean> {
    const { instance } = this.options;
    try {
      await registrar.register(instance);
      if (this.stopped) return false;
      this.registeredNow = true;
      this.retryDelayMs = this.options.retryInitialMs ?? 500;
      this.logger.log(`registered ${instance.id} at ${instance.address}:${instance.port}`);
      return true;
    } catch (error) {
      this.registeredNow = false;
      if (this.stopped) return false;
      this.logger.warn(`registration of ${instance.id} failed, retrying in ${this.retryDelayMs} ms: ${messageOf(error)}`);
      this.retryTimer = setTimeout(() => void this.attempt(registrar), this.retryDelayMs);
      this.retryTimer.unref();
      this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.options.retryMaxMs ?? 10_000);
      return false;
    }
  }

  private async resync(registrar: Registrar): Promise<void> {
    if (this.stopped || !this.registeredNow || !isRegistrationProbe(registrar)) return;
    try {
      if (await registrar.isRegistered(this.options.instance.id)) return;
      if (this.stopped) return;
      this.logger.warn(`${this.options.instance.id} vanished from the registry, registering again`);
      await this.attempt(registrar);
    } catch {
      // The registry is unreachable: nothing to repair until it answers again.
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
