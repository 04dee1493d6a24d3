import { type ChannelOptions, type ServiceError, status as GrpcStatus } from '@grpc/grpc-js';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { HealthCheckClient } from '../grpc/health-check.client';

/** Options of one {@link GrpcHealthIndicator.check}. */
export interface GrpcHealthCheckOptions {
  /** The grpc.health.v1 service name; `''` (default) asks about the whole server. */
  readonly service?: string;
  /** Default 1000 ms. */
  readonly timeoutMs?: number;
  /** Channel options, e.g. the `grpc.service_config` from `resolveTarget` for a consul:/// or dns:/// target. */
  readonly channelOptions?: ChannelOptions;
}

/**
 * Terminus indicator asking a downstream service's grpc.health.v1 Check: `up` when SERVING,
 * `down` when NOT_SERVING or unreachable. Keeps one channel per target across probes (a
 * channel per probe leaks), closed at application shutdown.
 *
 * @example
 * () => grpc.check('product-service', 'consul:///product-service', { service: 'acme.product.v1.ProductService' })
 */
@Injectable()
export class GrpcHealthIndicator implements OnApplicationShutdown {
  private readonly clients = new Map<string, HealthCheckClient>();

  // Explicit token: DI must not depend on emitted type metadata.
  constructor(@Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService) {}

  async check<const Key extends string>(key: Key, target: string, options: GrpcHealthCheckOptions = {}): Promise<HealthIndicatorResult<Key>> {
    const session = this.indicators.check(key);
    const service = options.service ?? '';
    try {
      const status = await this.clientFor(target, options.channelOptions).check(service, options.timeoutMs ?? 1_000);
      return status === 'SERVING' ? session.up({ target, servingStatus: status }) : session.down({ target, servingStatus: status });
    } catch (error) {
      const { code, details } = error as Partial<ServiceError>;
      return session.down({ target, code: code === undefined ? 'UNKNOWN' : GrpcStatus[code], message: details ?? String(error) });
    }
  }

  onApplicationShutdown(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private clientFor(target: string, channelOptions: ChannelOptions | undefined): HealthCheckClient {
    const key = `${target} ${JSON.stringify(channelOptions ?? {})}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new HealthCheckClient(target, { channelOptions });
      this.clients.set(key, client);
    }
    return client;
  }
}
