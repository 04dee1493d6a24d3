// gRPC load driver, run as its own process pinned to the load core: `concurrency` unary calls
// in flight at all times over one grpc-js channel for `durationMs`. Requests are encoded once by
// the harness and responses are not decoded, so the driver spends its CPU on the transport only.
// Every call's status is checked. Prints one JSON line. Usage: node grpc-load.mjs '<json config>'
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { cpuSecondsSince, LatencyRecorder } from './latency.mjs';

const require = createRequire(import.meta.url);
const grpc = require('@grpc/grpc-js');

/** @type {{ target: string, path: string, requests: string[], concurrency: number, durationMs: number, timeoutMs?: number }} */
const config = JSON.parse(process.argv[2] ?? '{}');
if (!config.target.startsWith('127.0.0.1:')) throw new Error('load is only ever sent to 127.0.0.1');

const requests = config.requests.map((base64) => Buffer.from(base64, 'base64'));
const identity = (bytes) => bytes;
const client = new grpc.Client(config.target, grpc.credentials.createInsecure());
const latency = new LatencyRecorder();
const statusCounts = {};
let errors = 0;
let completed = 0;
let issued = 0;

await new Promise((resolve, reject) =>
  client.waitForReady(Date.now() + 10_000, (error) => (error ? reject(error) : resolve())),
);

function call() {
  const request = requests[issued++ % requests.length];
  const started = performance.now();
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      config.path,
      identity,
      identity,
      request,
      new grpc.Metadata(),
      { deadline: Date.now() + (config.timeoutMs ?? 5_000) },
      (error) => {
        completed += 1;
        latency.record(performance.now() - started);
        const code = error ? error.code : grpc.status.OK;
        statusCounts[grpc.status[code] ?? code] = (statusCounts[grpc.status[code] ?? code] ?? 0) + 1;
        if (error) errors += 1;
        resolve();
      },
    );
  });
}

const cpuStart = process.cpuUsage();
const started = performance.now();
const endAt = started + config.durationMs;
const loop = async () => {
  while (performance.now() < endAt) await call();
};
await Promise.all(Array.from({ length: config.concurrency }, loop));
const elapsedS = (performance.now() - started) / 1000;
const cpu = cpuSecondsSince(cpuStart);
client.close();
process.stdout.write(
  `${JSON.stringify({
    tool: 'grpc-js-driver',
    requests: completed,
    durationS: elapsedS,
    rps: completed / elapsedS,
    errors,
    statusCounts,
    latencyMs: latency.summary(),
    loadCpuSeconds: cpu,
    loadCpuPercent: (cpu / elapsedS) * 100,
  })}\n`,
);
