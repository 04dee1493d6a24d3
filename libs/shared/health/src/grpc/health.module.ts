import { type DynamicModule, type InjectionToken, Module, type ModuleMetadata, type OptionalFactoryDependency } from '@nestjs/common';
import { HEALTH_SERVICE_OPTIONS, HealthService, type HealthServiceOptions } from './health.service';

/** Asynchronous options of {@link HealthModule}, e.g. to build the readiness check from the database provider. */
export interface HealthModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  readonly useFactory: (...args: never[]) => HealthServiceOptions | Promise<HealthServiceOptions>;
}

const providers = [HealthService];

/**
 * Provides the grpc.health.v1 {@link HealthService} to a gRPC service app (global, so any
 * module may inject it to report readiness).
 *
 * @example
 * HealthModule.forRootAsync({
 *   inject: [Database],
 *   useFactory: (db: Database) => ({
 *     services: ['acme.product.v1.ProductService'],
 *     readiness: readinessOf({ database: () => db.ping() }),
 *   }),
 * })
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthServiceOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      providers: [{ provide: HEALTH_SERVICE_OPTIONS, useValue: options }, ...providers],
      exports: providers,
    };
  }

  static forRootAsync(options: HealthModuleAsyncOptions): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: HEALTH_SERVICE_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        ...providers,
      ],
      exports: providers,
    };
  }
}
