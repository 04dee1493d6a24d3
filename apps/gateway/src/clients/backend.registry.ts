import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createRegistry, type Discovery, type RegistrySetup, registryEnvSchema, type ResolvedTarget } from '@acme/registry';
import { APP_CONFIG, type AppConfig } from '../config';
import { type Backend, BACKENDS } from './backends';

/**
 * Where the backends are, in the configured discovery mode: fixed addresses (static, the
 * embedded default), Kubernetes headless DNS, or Consul's passing instances through the
 * `consul:///` resolver. Stops discovery at shutdown.
 */
@Injectable()
export class BackendRegistry implements OnApplicationShutdown {
  private readonly setup: RegistrySetup;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const env = registryEnvSchema.parse({
      DISCOVERY_MODE: config.DISCOVERY_MODE,
      CONSUL_HTTP_ADDR: config.CONSUL_HTTP_ADDR,
      CONSUL_HTTP_TOKEN: config.CONSUL_HTTP_TOKEN,
    });
    const addresses = Object.fromEntries(BACKENDS.map((backend) => [backend.name, backend.address(config)]));
    this.setup = createRegistry(env, { addresses, logger: new Logger(BackendRegistry.name) });
  }

  /** The channel target and balancing of a backend. */
  targetFor(backend: Backend): ResolvedTarget {
    return this.setup.targetFor(backend.name);
  }

  /** The discovery in use, for the readiness check. */
  get discovery(): Discovery {
    return this.setup.discovery;
  }

  onApplicationShutdown(): void {
    this.setup.close();
  }
}
