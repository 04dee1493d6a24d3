import { type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type RegistryEnv } from '../config/registry.env';
import { createRegistry, type RegistrySetup, type RegistrySetupOptions } from '../config/registry.setup';

/** Injection token of the process's RegistrySetup. */
export const REGISTRY = Symbol('REGISTRY:SETUP');

/** What RegistryModule needs: the registry env settings and the addresses for static/dns mode. */
export interface RegistryModuleOptions extends Omit<RegistrySetupOptions, 'logger'> {
  readonly env: RegistryEnv;
}

@Injectable()
class RegistryCloser implements OnApplicationShutdown {
  constructor(@Inject(REGISTRY) private readonly registry: RegistrySetup) {}

  onApplicationShutdown(): void {
    this.registry.close();
  }
}

/**
 * Provides the RegistrySetup (discovery for the mode in DISCOVERY_MODE, the `consul:///`
 * resolver when in consul mode, a registration factory) to the whole app, closed on shutdown.
 * gRPC client providers ask it for targets: `registry.targetFor('product-service')`.
 *
 * @example
 * RegistryModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (c: AppConfig) => ({ env: c, addresses: { 'product-service': c.PRODUCT_SERVICE_TARGET } }) })
 */
@Module({})
export class RegistryModule {
  static forRootAsync(options: { inject?: unknown[]; useFactory: (...args: never[]) => RegistryModuleOptions }): DynamicModule {
    return {
      module: RegistryModule,
      global: true,
      providers: [
        {
          provide: REGISTRY,
          inject: (options.inject ?? []) as never[],
          useFactory: (...args: never[]) => {
            const { env, ...setup } = options.useFactory(...args);
            return createRegistry(env, { ...setup, logger: new Logger('Registry') });
          },
        },
        RegistryCloser,
      ],
      exports: [REGISTRY],
    };
  }
}
