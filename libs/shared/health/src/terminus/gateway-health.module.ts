import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import {
  GATEWAY_HEALTH_CHECKS,
  GATEWAY_HEALTH_OPTIONS,
  type GatewayHealthAsyncOptions,
  type GatewayHealthChecks,
  type GatewayHealthOptions,
} from './gateway-health.options';
import { GrpcHealthIndicator } from './grpc-health.indicator';
import { HealthController } from './health.controller';
import { RegistryHealthIndicator } from './registry-health.indicator';

const indicators = [GrpcHealthIndicator, RegistryHealthIndicator];

const providers: Provider[] = [
  ...indicators,
  {
    provide: GATEWAY_HEALTH_CHECKS,
    inject: [GATEWAY_HEALTH_OPTIONS, GrpcHealthIndicator, RegistryHealthIndicator],
    useFactory: (options: GatewayHealthOptions, grpc: GrpcHealthIndicator, registry: RegistryHealthIndicator): GatewayHealthChecks => ({
      readiness: options.readiness({ grpc, registry }),
      liveness: options.liveness?.({ grpc, registry }) ?? [],
    }),
  },
];

/**
 * The gateway's health endpoints (`/health/live`, `/health/ready`) on Terminus, with the
 * gRPC and registry indicators. Once the app starts shutting down, both answer 503
 * `shutting_down` (Terminus), so the load balancer stops sending traffic first.
 *
 * @example
 * GatewayHealthModule.forRootAsync({
 *   inject: [REGISTRY],
 *   useFactory: (registry: RegistrySetup) => ({
 *     readiness: ({ grpc, registry: discovery }) => [
 *       () => grpc.check('product-service', registry.targetFor('product-service').target, { service: 'acme.product.v1.ProductService' }),
 *       () => discovery.check('registry', registry.discovery, ['product-service']),
 *     ],
 *   }),
 * })
 */
@Module({})
export class GatewayHealthModule {
  static forRoot(options: GatewayHealthOptions): DynamicModule {
    return {
      module: GatewayHealthModule,
      imports: [TerminusModule.forRoot()],
      controllers: [HealthController],
      providers: [{ provide: GATEWAY_HEALTH_OPTIONS, useValue: options }, ...providers],
      exports: indicators,
    };
  }

  static forRootAsync(options: GatewayHealthAsyncOptions): DynamicModule {
    return {
      module: GatewayHealthModule,
      imports: [TerminusModule.forRoot(), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [{ provide: GATEWAY_HEALTH_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory }, ...providers],
      exports: indicators,
    };
  }
}
