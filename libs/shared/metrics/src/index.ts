export { grpcStatusName } from './grpc-status-name';
export { MetricsController } from './metrics.controller';
export { MetricsModule } from './metrics.module';
export { METRICS_OPTIONS, type MetricsOptions } from './metrics-options';
export { createMetricsRegistry, METRICS_REGISTRY } from './metrics-registry';
export { MetricsServer } from './metrics.server';
export { type ClientCallRecord, type GrpcCallLabels, type GrpcCallType, Metrics } from './metrics.service';
