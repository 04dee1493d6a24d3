import { type InjectionToken, type ModuleMetadata, type OptionalFactoryDependency } from '@nestjs/common';
import { type HealthIndicatorFunction } from '@nestjs/terminus';
import { type GrpcHealthIndicator } from './grpc-health.indicator';
import { type RegistryHealthIndicator } from './registry-health.indicator';

/** DI token of the resolved {@link GatewayHealthChecks}. */
export const GATEWAY_HEALTH_CHECKS = 'HEALTH:GATEWAY_CHECKS';
/** DI token of the {@link GatewayHealthOptions}. */
export const GATEWAY_HEALTH_OPTIONS = 'HEALTH:GATEWAY_OPTIONS';

/** The indicators handed to the check builders. */
export interface GatewayHealthIndicators {
  readonly grpc: GrpcHealthIndicator;
  readonly registry: RegistryHealthIndicator;
}

/** Which indicators each endpoint runs. */
export interface GatewayHealthOptions {
  /** `/health/ready`: downstream grpc.health.v1 and the registry. */
  readonly readiness: (indicators: GatewayHealthIndicators) => HealthIndicatorFunction[];
  /** `/health/live`: default none, i.e. the process answers. */
  readonly liveness?: (indicators: GatewayHealthIndicators) => HealthIndicatorFunction[];
}

/** The built check lists. */
export interface GatewayHealthChecks {
  readonly readiness: HealthIndicatorFunction[];
  readonly liveness: HealthIndicatorFunction[];
}

/** Asynchronous options of `GatewayHealthModule`, to build the checks from app providers. */
export interface GatewayHealthAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  readonly useFactory: (...args: never[]) => GatewayHealthOptions | Promise<GatewayHealthOptions>;
}
