import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { AgentState } from './agent/agent.state';
import { type CheckStatus } from './agent/agent-model';
import { parseGoDuration } from './agent/go-duration';
import { CheckRunner } from './checks/check.runner';
import { ConsulApiHandler } from './http/consul-api.handler';

/** Options of {@link startConsulDouble}. */
export interface ConsulDoubleOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** When set, every request must carry this token (X-Consul-Token, Bearer or ?token=), else 403. */
  readonly aclToken?: string;
  /**
   * How often services critical for longer than their DeregisterCriticalServiceAfter are
   * removed. Consul reaps every 30 s and enforces a 1 m minimum; the double enforces no
   * minimum and defaults to 250 ms so that tests can use short values.
   */
  readonly reapIntervalMs?: number;
  /** Run each check's first probe after a random delay within its interval, as Consul does. Default true. */
  readonly staggerChecks?: boolean;
  /** Default `consul-double`. */
  readonly nodeName?: string;
  /** Default `dc1`. */
  readonly datacenter?: string;
}

/** A running service instance as the double sees it. */
export interface ConsulDoubleInstance {
  readonly id: string;
  readonly address: string;
  readonly port: number;
  /** The worst status of its checks (`passing` without checks). */
  readonly status: CheckStatus;
}

/** Handle of a running Consul double. */
export interface ConsulDouble {
  /** `http://host:port`: a CONSUL_HTTP_ADDR. */
  readonly url: string;
  readonly port: number;
  /** The instances of a service registered now, sorted by id. */
  instances(serviceName: string): ConsulDoubleInstance[];
  /** The agent goes away: the port closes and open connections (blocking queries) drop. State is kept. */
  down(): Promise<void>;
  /** The agent is back on the same port. */
  up(): Promise<void>;
  /**
   * `down()` then `up()`. With `keepState: false` the agent comes back empty with its index
   * reset, like a dev-mode agent: instances must register again.
   */
  restart(options?: { readonly keepState?: boolean }): Promise<void>;
  /** Stops the checks and the server for good. */
  stop(): Promise<void>;
}

const STATUS_RANK: Readonly<Record<CheckStatus, number>> = { passing: 0, warning: 1, critical: 2 };

/** The Consul double: an agent and catalog of one node behind Consul's HTTP API. */
export class ConsulDoubleServer implements ConsulDouble {
  private readonly state: AgentState;
  private readonly runner: CheckRunner;
  private readonly server: Server;
  private readonly reaper: NodeJS.Timeout;
  private boundPort: number;

  constructor(private readonly options: ConsulDoubleOptions = {}) {
    const host = options.host ?? '127.0.0.1';
    this.state = new AgentState({ ID: randomUUID(), Node: options.nodeName ?? 'consul-double', Address: host, Datacenter: options.datacenter ?? 'dc1' });
    this.runner = new CheckRunner(this.state, options.staggerChecks ?? true);
    const handler = new ConsulApiHandler(this.state, this.runner, options.aclToken);
    this.server = createServer((req, res) => void handler.handle(req, res));
    this.boundPort = options.port ?? 0;
    this.reaper = setInterval(() => this.reap(), options.reapIntervalMs ?? 250);
    this.reaper.unref();
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://${this.options.host ?? '127.0.0.1'}:${this.boundPort}`;
  }

  instances(serviceName: string): ConsulDoubleInstance[] {
    return this.state
      .allServices()
      .filter((service) => service.Service === serviceName)
      .sort((a, b) => a.ID.localeCompare(b.ID))
      .map((service) => ({
        id: service.ID,
        address: service.Address,
        port: service.Port,
        status: this.state
          .checksOf(service.ID)
          .reduce<CheckStatus>((worst, check) => (STATUS_RANK[check.Status] > STATUS_RANK[worst] ? check.Status : worst), 'passing'),
      }));
  }

  up(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.boundPort, this.options.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  async down(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  async restart(options: { readonly keepState?: boolean } = {}): Promise<void> {
    await this.down();
    if (options.keepState === false) {
      this.runner.cancelAll();
      this.state.reset();
    }
    await this.up();
  }

  async stop(): Promise<void> {
    clearInterval(this.reaper);
    this.runner.cancelAll();
    await this.down();
  }

  private reap(): void {
    for (const id of this.state.reapable(Date.now(), parseGoDuration)) {
      const checks = this.state.checksOf(id);
      this.state.deregister(id);
      for (const check of checks) this.runner.cancel(check.CheckID);
    }
  }
}

/**
 * Starts a Consul double: a faithful stand-in for the Consul agent's HTTP API (the parts
 * this project uses), for tests only; docker-compose runs the real Consul. It really runs
 * the registered GRPC (grpc.health.v1 Check), HTTP and TCP checks at their interval and
 * expires TTL checks, so an instance that stops answering turns critical and leaves
 * `?passing` results, and it honours DeregisterCriticalServiceAfter.
 *
 * @example
 * const consul = await startConsulDouble();
 * const env = { DISCOVERY_MODE: 'consul', CONSUL_HTTP_ADDR: consul.url };
 * // ...
 * await consul.stop();
 */
export async function startConsulDouble(options: ConsulDoubleOptions = {}): Promise<ConsulDouble> {
  const double = new ConsulDoubleServer(options);
  await double.up();
  return double;
}
