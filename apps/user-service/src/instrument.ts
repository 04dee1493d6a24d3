// Tracing starts here, before Nest loads, once @acme/tracing exports startTracing.
export {};
