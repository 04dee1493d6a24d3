/**
 * Health: the grpc.health.v1 server every gRPC service exposes (status driven by real
 * readiness), a grpc.health.v1 client, and the gateway's Terminus endpoints and indicators.
 */
export { checkGrpcHealth, HealthCheckClient, type HealthCheckClientOptions } from './grpc/health-check.client';
export { HealthModule, type HealthModuleAsyncOptions } from './grpc/health.module';
export {
  HEALTH_PROTO_PATH,
  HEALTH_SERVICE_NAME,
  type HealthCheckRequest,
  type HealthCheckResponse,
  healthServiceDefinition,
  type HealthServiceDefinition,
  type ServingStatus,
} from './grpc/health-proto';
export { HEALTH_SERVICE_OPTIONS, HealthService, type HealthServiceOptions } from './grpc/health.service';
export { NotReadyError, type ReadinessCheck, readinessOf } from './grpc/readiness';
export { GatewayHealthModule } from './terminus/gateway-health.module';
export {
  GATEWAY_HEALTH_CHECKS,
  GATEWAY_HEALTH_OPTIONS,
  type GatewayHealthAsyncOptions,
  type GatewayHealthChecks,
  type GatewayHealthIndicators,
  type GatewayHealthOptions,
} from './terminus/gateway-health.options';
export { type GrpcHealthCheckOptions, GrpcHealthIndicator } from './terminus/grpc-health.indicator';
export { HealthController } from './terminus/health.controller';
export { RegistryHealthIndicator } from './terminus/registry-health.indicator';
