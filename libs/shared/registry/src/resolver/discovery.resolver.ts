import { type ChannelOptions, experimental, Metadata, status } from '@grpc/grpc-js';
import { type Discovery } from '../ports/discovery.port';
import { type ServiceInstance } from '../ports/service-instance';

/** The URI scheme {@link registerConsulResolver} registers by default: `consul:///product-service`. */
export const CONSUL_SCHEME = 'consul';

/** The service name in `scheme:///name` (or `scheme://name`). */
function serviceNameOf(target: experimental.GrpcUri): string {
  return (target.path || target.authority || '').replace(/^\/+/, '');
}

function toEndpoints(instances: readonly ServiceInstance[]): experimental.Endpoint[] {
  return instances.map((instance) => ({ addresses: [{ host: instance.address, port: instance.port }] }));
}

/**
 * Registers a grpc-js name resolver for `scheme:///<service-name>` fed by `discovery`, so that
 * ONE channel follows every healthy instance of a service (with the `round_robin` policy
 * from the channel's service config, see `resolveTarget`). Instances joining or leaving
 * reach the channel as soon as discovery sees them; connections to the instances that stay
 * are kept. Register once per process, before creating channels.
 *
 * The resolver returns no service config of its own, so the channel's `grpc.service_config`
 * (load balancing, retry policy) applies.
 *
 * @example
 * registerConsulResolver(new ConsulDiscovery({ client }));
 * const { target, serviceConfig } = resolveTarget('consul', 'product-service', {});
 * new Client(target, credentials.createInsecure(), { 'grpc.service_config': JSON.stringify(serviceConfig) });
 */
export function registerConsulResolver(discovery: Discovery, scheme: string = CONSUL_SCHEME): void {
  class DiscoveryResolver implements experimental.Resolver {
    private readonly serviceName: string;
    private unsubscribe: (() => void) | undefined;
    private latest: ServiceInstance[] | undefined;
    private reportedError = false;

    constructor(target: experimental.GrpcUri, private readonly listener: experimental.ResolverListener, _options: ChannelOptions) {
      this.serviceName = serviceNameOf(target);
    }

    static getDefaultAuthority(target: experimental.GrpcUri): string {
      return serviceNameOf(target);
    }

    // The channel asks again whenever a connection fails. The watch already pushes every
    // change, and re-reporting an unchanged list would make the balancer rebuild its
    // children, fail the same dead address and ask again, in a tight loop.
    updateResolution(): void {
      if (this.unsubscribe) return;
      this.unsubscribe = discovery.watch(
        this.serviceName,
        (instances) => this.report(instances),
        (error) => this.fail(error),
      );
    }

    destroy(): void {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
      this.latest = undefined;
      this.reportedError = false;
    }

    private report(instances: ServiceInstance[]): void {
      this.latest = instances;
      this.reportedError = false;
      const note = instances.length === 0 ? `no healthy instance of ${this.serviceName}` : '';
      this.listener(experimental.statusOrFromValue(toEndpoints(instances)), {}, null, note);
    }

    // Until the first answer a failure fails calls fast; afterwards the last instances stay.
    private fail(error: Error): void {
      if (this.latest || this.reportedError) return;
      this.reportedError = true;
      this.listener(
        experimental.statusOrFromError({
          code: status.UNAVAILABLE,
          details: `discovery of ${this.serviceName} failed: ${error.message}`,
          metadata: new Metadata(),
        }),
        {},
        null,
        '',
      );
    }
  }

  experimental.registerResolver(scheme, DiscoveryResolver);
}
