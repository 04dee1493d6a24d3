// Tracing starts here, before Nest or any instrumented library loads: call
// startTracing({ serviceName: 'product-service', serviceVersion }) once @acme/tracing exports it.
export {};
