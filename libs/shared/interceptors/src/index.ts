export { CallContextInterceptor } from './call-context.interceptor';
export { type GrpcCallInfo, grpcCallInfo, REQUEST_ID_METADATA, type ServerCall } from './grpc-call-info';
export { GrpcCallLoggingInterceptor } from './grpc-call-logging.interceptor';
export { type GrpcOutcome, watchGrpcOutcome } from './grpc-outcome';
export { type HttpTelemetryOptions, registerHttpTelemetry } from './http-telemetry.hooks';
export { InterceptorsModule } from './interceptors.module';
export { RequestMetricsInterceptor } from './request-metrics.interceptor';
