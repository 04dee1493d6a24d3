import type Consul from 'consul';
import { type RegistrationProbe, type Registrar } from '../ports/registrar.port';
import { instanceEndpoint, type ServiceInstance } from '../ports/service-instance';

/** The Consul GRPC health check registered with each instance. */
export interface ConsulCheckOptions {
  /** How often Consul calls grpc.health.v1 Check. Consul duration, default `5s`. */
  readonly interval?: string;
  /** Default `2s`. */
  readonly timeout?: string;
  /** Consul removes an instance critical for this long (a SIGKILLed one). Default `1m`. */
  readonly deregisterCriticalServiceAfter?: string;
  /** The grpc.health.v1 service name checked; `''` (default) checks the whole server. */
  readonly healthService?: string;
}

/** Options of {@link ConsulRegistrar}. */
export interface ConsulRegistrarOptions {
  /** A client from `createConsulClient` (carries the token); the caller owns it. */
  readonly client: Consul;
  readonly check?: ConsulCheckOptions;
  /** Timeout of each agent request. Default 5000 ms. */
  readonly requestTimeoutMs?: number;
}

/**
 * Registers instances with the local Consul agent (`PUT /v1/agent/service/register`) with a
 * GRPC check against grpc.health.v1, so Consul itself turns an instance that stops
 * answering critical and, after `deregisterCriticalServiceAfter`, removes it.
 *
 * @example
 * const registrar = new ConsulRegistrar({ client, check: { healthService: 'acme.product.v1.ProductService' } });
 * await registrar.register(instance);
 */
export class ConsulRegistrar implements Registrar, RegistrationProbe {
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: ConsulRegistrarOptions) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
  }

  async register(instance: ServiceInstance): Promise<void> {
    const check = this.options.check ?? {};
    const healthService = check.healthService ? `/${check.healthService}` : '';
    const registration = {
      id: instance.id,
      name: instance.name,
      address: instance.address,
      port: instance.port,
      tags: [...instance.tags],
      meta: { ...instance.meta },
      check: {
        name: `gRPC health of ${instance.id}`,
        grpc: `${instanceEndpoint(instance)}${healthService}`,
        grpcusetls: false,
        interval: check.interval ?? '5s',
        timeout: check.timeout ?? '2s',
        deregistercriticalserviceafter: check.deregisterCriticalServiceAfter ?? '1m',
      },
      timeout: this.requestTimeoutMs,
    };
    await this.options.client.agent.service.register(registration);
  }

  async deregister(id: string): Promise<void> {
    // `timeout` is a request option the client honours but does not declare.
    const request = { id, timeout: this.requestTimeoutMs };
    await this.options.client.agent.service.deregister(request);
  }

  /** Whether the agent still lists the instance (a restarted agent without state does not). */
  async isRegistered(id: string): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Consul did not list services within ${this.requestTimeoutMs} ms`)), this.requestTimeoutMs);
    });
    try {
      // list() declares no request options to carry a timeout, hence the race.
      const services: Record<string, unknown> = await Promise.race([this.options.client.agent.service.list(), timeout]);
      return Object.hasOwn(services, id);
    } finally {
      clearTimeout(timer);
    }
  }
}
