import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { type BaseServiceConfig, prettyLogs } from '@acme/config';
import { DatabaseModule } from '@acme/database';
import { InterceptorsModule } from '@acme/interceptors';
import { LoggingModule } from '@acme/logging';
import { MetricsModule } from '@acme/metrics';
import { RegistryModule } from '@acme/registry';
import { GrpcExceptionFilter } from './grpc-exception.filter';

export interface GrpcServiceModuleOptions {
  /** The service's name as logs, metrics and the registry show it ("product-service"). */
  readonly name: string;
  readonly version: string;
  /** The validated config (every service's schema extends baseServiceConfig). */
  readonly config: BaseServiceConfig;
  /** drizzle-kit migrations applied at start. */
  readonly migrationsFolder: string;
  /** google.rpc.ErrorInfo domain of the service's errors ("product.acme.dev"). */
  readonly errorDomain: string;
  /** The grpc.health.v1 service name Consul checks ("acme.product.v1.ProductService"). */
  readonly healthService: string;
  /** `host:port` (or dns target) of each service this one calls, by name. */
  readonly addresses?: Readonly<Record<string, string>>;
}

/**
 * Everything cross-cutting a gRPC service needs, registered once: structured logging, metrics
 * on METRICS_PORT, the transport-aware interceptors (call context, per-call log line, RED
 * metrics), the error filter, its database (PGlite or PostgreSQL, migrated) and the registry.
 * A service's AppModule adds only its own controllers, providers and (if it calls other
 * services) GrpcClientModule.
 *
 * @example
 * imports: [GrpcServiceModule.forRoot({ name: 'product-service', version, config, migrationsFolder,
 *   errorDomain: 'product.acme.dev', healthService: productV1.ProductServiceDefinition.fullName })]
 */
@Module({})
export class GrpcServiceModule {
  static forRoot(options: GrpcServiceModuleOptions): DynamicModule {
    const { config, name } = options;
    return {
      module: GrpcServiceModule,
      imports: [
        LoggingModule.forRoot({ service: name, version: options.version, level: config.LOG_LEVEL, pretty: prettyLogs(config) }),
        MetricsModule.forRoot({ service: name, port: config.METRICS_PORT }),
        InterceptorsModule,
        DatabaseModule.forRootAsync({
          useFactory: () => ({
            url: config.DATABASE_URL,
            dataDir: config.DATA_DIR ?? join(process.cwd(), '.data', name),
            migrationsFolder: options.migrationsFolder,
          }),
        }),
        RegistryModule.forRootAsync({ useFactory: () => ({ env: config, addresses: options.addresses, healthService: options.healthService }) }),
      ],
      providers: [{ provide: APP_FILTER, useValue: new GrpcExceptionFilter(options.errorDomain) }],
    };
  }
}
