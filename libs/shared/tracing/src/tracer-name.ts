/** Instrumentation scope of the spans @acme/tracing starts itself (manual, HTTP server, gRPC). */
export const TRACER_NAME = '@acme/tracing';
