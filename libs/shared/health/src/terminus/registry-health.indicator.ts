import { type Discovery, isRegistryStatusSource } from '@acme/registry';
import { Inject, Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/**
 * Terminus indicator for service discovery: `down` when a required service has no healthy
 * instance (or none is known at all), `degraded` (still HTTP 200) when the registry is
 * unreachable but the last known instances keep traffic flowing, `up` otherwise. A Consul
 * outage therefore does not take the gateway out of rotation.
 *
 * @example
 * () => registry.check('registry', discovery, ['user-service', 'product-service'])
 */
@Injectable()
export class RegistryHealthIndicator {
  // Explicit token: DI must not depend on emitted type metadata.
  constructor(@Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService) {}

  async check<const Key extends string>(key: Key, discovery: Discovery, services: readonly string[]): Promise<HealthIndicatorResult<Key>> {
    const session = this.indicators.check(key);
    const instances: Record<string, number> = {};
    const failures: Record<string, string> = {};
    await Promise.all(
      services.map(async (name) => {
        try {
          instances[name] = (await discovery.getService(name)).length;
        } catch (error) {
          instances[name] = 0;
          failures[name] = error instanceof Error ? error.message : String(error);
        }
      }),
    );
    const missing = services.filter((name) => !instances[name]);
    if (missing.length > 0) return session.down({ instances, missing, failures });
    const registry = isRegistryStatusSource(discovery) ? discovery.registryStatus() : { reachable: true };
    if (!registry.reachable) {
      return session.degraded({ instances, message: `registry unreachable, using last known instances: ${registry.error ?? ''}` });
    }
    return session.up({ instances });
  }
}
