export { currentSpanId, currentTraceId } from './span-ids';
export { DEFAULT_SAMPLE_RATIO, shutdownTracing, startTracing, type TracingOptions } from './start-tracing';
export { type AttributeValue, type ReceivedSpan, type ReceivedSpanKind } from './testing/received-span';
export { type OtlpReceiver, startOtlpReceiver } from './testing/otlp-receiver';
export { exportingTo, setOtelEnv } from './testing/otel-env';
export { type ManualSpanKind, withSpan } from './with-span';
export { type GrpcMetadataCarrier, type GrpcSpan, startGrpcClientSpan, startGrpcServerSpan } from './grpc-spans';
export { nameHttpServerSpan, type TracedRequestOptions, tracedRequestListener } from './http-server-spans';
