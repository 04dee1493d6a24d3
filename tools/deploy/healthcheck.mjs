#!/usr/bin/env node
// Container health probe, shipped at the root of every app artifact (Docker HEALTHCHECK and
// compose healthchecks run `node healthcheck.mjs`). It reads the app's own config schema, so
// the port it probes is the one the app listens on, defaults included:
//   - an app with GRPC_PORT (the services): grpc.health.v1.Health/Check for the whole server
//     (service ""), healthy only when SERVING;
//   - an app with PORT (the gateway): GET /health/live answers 2xx.
// Exit 0 when healthy, 1 otherwise. Kubernetes does not use this: it has native grpc/http probes.
//
// The gRPC call is made with @grpc/grpc-js and hand-encoded bytes because the health protocol
// is two tiny messages: the request for service "" is empty, and the response's only field is
// the enum `status = 1`; loading health.proto would cost more than the probe itself.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const TIMEOUT_MS = Number(process.env.HEALTHCHECK_TIMEOUT_MS ?? 3000);
const SERVING = 1;

/** The `status` field (1, varint) of a grpc.health.v1.HealthCheckResponse. */
export function decodeHealthStatus(bytes) {
  let offset = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; offset < bytes.length; shift += 7) {
      const byte = bytes[offset++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new Error('truncated varint');
  };
  let status = 0;
  while (offset < bytes.length) {
    const key = varint();
    const wireType = key & 7;
    if (key >>> 3 === 1 && wireType === 0) status = varint();
    else if (wireType === 0) varint();
    else if (wireType === 2) {
      const length = varint();
      offset += length;
    }
    else throw new Error(`unexpected wire type ${wireType}`);
  }
  return status;
}

/** Resolves with the serving status of the server at `address` (host:port). */
export function checkGrpcHealth(address, timeoutMs = TIMEOUT_MS) {
  const grpc = require('@grpc/grpc-js');
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      (request) => request,
      (response) => response,
      Buffer.alloc(0),
      { deadline: Date.now() + timeoutMs },
      (error, response) => {
        client.close();
        if (error) reject(error);
        else resolve(decodeHealthStatus(response));
      },
    );
  });
}

async function main() {
  const { configSchema } = require('./dist/config.js');
  const config = configSchema.parse(process.env);
  if (config.GRPC_PORT !== undefined) {
    const status = await checkGrpcHealth(`127.0.0.1:${config.GRPC_PORT}`);
    if (status !== SERVING) throw new Error(`gRPC health status ${status}, not SERVING`);
  } else if (config.PORT !== undefined) {
    const response = await fetch(`http://127.0.0.1:${config.PORT}/health/live`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) throw new Error(`GET /health/live answered ${response.status}`);
  } else {
    throw new Error('the config schema has neither GRPC_PORT nor PORT');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(`unhealthy: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
