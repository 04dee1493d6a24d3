// First import of main.ts: tracing must start before NestJS, Fastify and grpc-js load.
