import {
  type sendUnaryData,
  type Server,
  type ServerUnaryCall,
  type ServerWritableStream,
  status as GrpcStatus,
} from '@grpc/grpc-js';
import { Inject, Injectable, Logger, type LoggerService, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import {
  healthServiceDefinition,
  type HealthCheckRequest,
  type HealthCheckResponse,
  type ServingStatus,
} from './health-proto';
import { type ReadinessCheck, reasonOf } from './readiness';

/** DI token of the {@link HealthServiceOptions}. */
export const HEALTH_SERVICE_OPTIONS = 'HEALTH:SERVICE_OPTIONS';

/** Options of the {@link HealthService}. */
export interface HealthServiceOptions {
  /** Fully qualified service names reported besides the whole server (`''`). */
  readonly services?: readonly string[];
  /** Decides SERVING vs NOT_SERVING; without one the server is serving once started. */
  readonly readiness?: ReadinessCheck;
  /** How often the readiness check runs again. Default 5000 ms. */
  readonly recheckIntervalMs?: number;
  /** A check taking longer counts as not ready. Default 3000 ms. */
  readonly checkTimeoutMs?: number;
  readonly logger?: Pick<LoggerService, 'log' | 'warn'>;
}

type StatusListener = (status: ServingStatus) => void;
type WatchCall = ServerWritableStream<HealthCheckRequest, HealthCheckResponse>;

/**
 * The grpc.health.v1 server: Check and Watch for the whole server (`''`) and for each service
 * name, with the status driven by a readiness check (database reachable, migrations done)
 * that runs at start and then periodically. Kubernetes `grpc:` probes and Consul GRPC checks
 * call it. Everything is NOT_SERVING until {@link start} finds the process ready, and again
 * for good after {@link shutdown}: the first step of a graceful stop.
 *
 * In Nest, the module lifecycle drives it (`onModuleInit` starts it, `onModuleDestroy`
 * shuts it down, which Nest runs before closing the servers); outside Nest, call
 * {@link start} and {@link shutdown}.
 *
 * @example
 * // main.ts: the gRPC server exists only at listen time, so hand the service over then.
 * let health: HealthService | undefined;
 * const app = await NestFactory.createMicroservice(AppModule, {
 *   transport: Transport.GRPC,
 *   options: { ...grpcOptions, onLoadPackageDefinition: (_pkg, server) => health?.addToServer(server) },
 * });
 * health = app.get(HealthService);
 * await app.listen();
 */
@Injectable()
export class HealthService implements OnModuleInit, OnModuleDestroy {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly listeners = new Map<string, Set<StatusListener>>();
  private readonly watchCalls = new Set<WatchCall>();
  private readonly recheckIntervalMs: number;
  private readonly checkTimeoutMs: number;
  private readonly logger: Pick<LoggerService, 'log' | 'warn'>;
  private readiness: ReadinessCheck | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<boolean> | undefined;
  private started = false;
  private shuttingDown = false;
  private lastReady: boolean | undefined;

  constructor(@Optional() @Inject(HEALTH_SERVICE_OPTIONS) options: HealthServiceOptions = {}) {
    this.statuses.set('', 'NOT_SERVING');
    for (const service of options.services ?? []) this.statuses.set(service, 'NOT_SERVING');
    this.readiness = options.readiness;
    this.recheckIntervalMs = options.recheckIntervalMs ?? 5_000;
    this.checkTimeoutMs = options.checkTimeoutMs ?? 3_000;
    this.logger = options.logger ?? new Logger(HealthService.name);
  }

  /** Whether {@link shutdown} has been called. */
  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async onModuleInit(): Promise<void> {
    await this.start();
  }

  onModuleDestroy(): void {
    this.shutdown();
  }

  /** Replaces the readiness check; takes effect at the next (re)check. */
  setReadinessCheck(check: ReadinessCheck): void {
    this.readiness = check;
  }

  /** Runs the readiness check now and then every `recheckIntervalMs`. Idempotent. */
  async start(): Promise<void> {
    if (this.started || this.shuttingDown) return;
    this.started = true;
    await this.checkReadiness();
    this.timer = setInterval(() => void this.checkReadiness(), this.recheckIntervalMs);
    // The gRPC server keeps the process alive; this timer alone must not.
    this.timer.unref();
  }

  /**
   * Runs the readiness check once (joining a run in progress) and applies the result to
   * every service. Resolves with whether the process is ready.
   */
  checkReadiness(): Promise<boolean> {
    this.inFlight ??= this.runReadiness().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Marks one service, or with no argument every known service and the server, SERVING. */
  setServing(service?: string): void {
    this.set(service, 'SERVING');
  }

  /** Marks one service, or with no argument every known service and the server, NOT_SERVING. */
  setNotServing(service?: string): void {
    this.set(service, 'NOT_SERVING');
  }

  /** The current status of a service (`''` = the server), or undefined if it is unknown. */
  getStatus(service = ''): ServingStatus | undefined {
    return this.statuses.get(service);
  }

  /** Calls `listener` on every change of a service's status; returns the unsubscribe function. */
  onStatusChange(service: string, listener: StatusListener): () => void {
    const set = this.listeners.get(service) ?? new Set<StatusListener>();
    set.add(listener);
    this.listeners.set(service, set);
    return () => set.delete(listener);
  }

  /**
   * NOT_SERVING for every service from now on, whatever readiness says: load balancers and
   * Consul stop sending traffic before the server stops accepting it. Open Watch streams get
   * the NOT_SERVING update and are then ended, because a server draining its calls would
   * otherwise wait on these never-ending streams (their clients re-watch per the spec).
   */
  shutdown(): void {
    if (this.shuttingDown) return;
    this.set(undefined, 'NOT_SERVING');
    this.shuttingDown = true;
    clearInterval(this.timer);
    for (const call of this.watchCalls) call.end();
    this.watchCalls.clear();
  }

  /** Adds grpc.health.v1.Health (Check and Watch) to a grpc-js server. */
  addToServer(server: Server): void {
    server.addService(healthServiceDefinition(), {
      Check: (call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>, callback: sendUnaryData<HealthCheckResponse>) =>
        this.handleCheck(call, callback),
      Watch: (call: WatchCall) => this.handleWatch(call),
    });
  }

  private handleCheck(
    call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>,
    callback: sendUnaryData<HealthCheckResponse>,
  ): void {
    const status = this.statuses.get(call.request.service);
    if (status === undefined) {
      callback({ code: GrpcStatus.NOT_FOUND, details: `unknown service ${call.request.service}` });
    } else {
      callback(null, { status });
    }
  }

  private handleWatch(call: WatchCall): void {
    const { service } = call.request;
    if (this.shuttingDown) {
      call.write({ status: this.statuses.get(service) ?? 'SERVICE_UNKNOWN' });
      call.end();
      return;
    }
    call.write({ status: this.statuses.get(service) ?? 'SERVICE_UNKNOWN' });
    this.watchCalls.add(call);
    const unsubscribe = this.onStatusChange(service, (status) => call.write({ status }));
    const release = (): void => {
      unsubscribe();
      this.watchCalls.delete(call);
    };
    call.on('cancelled', release);
    call.on('finish', release);
    call.on('error', release);
  }

  private async runReadiness(): Promise<boolean> {
    if (this.shuttingDown) return false;
    let ready = true;
    let reason = '';
    if (this.readiness) {
      try {
        ready = (await this.withTimeout(this.readiness)) !== false;
        if (!ready) reason = 'readiness check returned false';
      } catch (error) {
        ready = false;
        reason = reasonOf(error);
      }
    }
    if (this.shuttingDown) return false;
    if (ready !== this.lastReady) {
      if (ready) this.logger.log('ready: SERVING');
      else this.logger.warn(`not ready: NOT_SERVING (${reason})`);
    }
    this.lastReady = ready;
    this.set(undefined, ready ? 'SERVING' : 'NOT_SERVING');
    return ready;
  }

  private async withTimeout(check: ReadinessCheck): Promise<boolean | void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`readiness check timed out after ${this.checkTimeoutMs} ms`)), this.checkTimeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(check), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private set(service: string | undefined, status: ServingStatus): void {
    if (this.shuttingDown) return;
    const services = service === undefined ? [...this.statuses.keys()] : [service];
    for (const name of services) {
      if (this.statuses.get(name) === status) continue;
      this.statuses.set(name, status);
      for (const listener of this.listeners.get(name) ?? []) listener(status);
    }
  }
}
