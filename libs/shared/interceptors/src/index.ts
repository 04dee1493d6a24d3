export { GrpcCallInterceptor } from './grpc-call.interceptor';
export { type GrpcCallInfo, grpcCallInfo, REQUEST_ID_METADATA, type ServerCall } from './grpc-call-info';
export { type GrpcOutcome, watchGrpcOutcome } from './grpc-outcome';
export { type HttpTelemetryOptions, registerHttpTelemetry } from './http-telemetry.hooks';
export { InterceptorsModule } from './interceptors.module';
