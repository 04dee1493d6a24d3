// HTTP load driver, run as its own process pinned to the load core. Two modes:
// - closed: `connections` keep-alive connections, each sending its next request when the
//   previous answer arrives (max throughput; the harness prefers wrk for this when installed);
// - open: a fixed `rate` of requests per second over at most `connections` connections, sent
//   on a 1 ms tick whatever the answers do; each latency runs from the moment the request was
//   handed to the connection pool, so a stalled server is charged for the requests queued
//   behind it on busy connections (not for the driver's own timer granularity).
// Prints one JSON line with the result. Usage: node http-load.mjs '<json config>'
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { cpuSecondsSince, LatencyRecorder } from './latency.mjs';

/**
 * @type {{ url: string, method?: string, headers?: Record<string, string>, bodies?: string[],
 *   connections: number, durationMs: number, rate?: number, timeoutMs?: number }}
 */
const config = JSON.parse(process.argv[2] ?? '{}');
const url = new URL(config.url);
if (url.hostname !== '127.0.0.1') throw new Error('load is only ever sent to 127.0.0.1');

const agent = new Agent({ keepAlive: true, maxSockets: config.connections, maxFreeSockets: config.connections });
const latency = new LatencyRecorder();
const statusCounts = {};
let errors = 0;
let completed = 0;
let issued = 0;
let stopping = false;

function send(sentAt) {
  issued += 1;
  return new Promise((resolve) => {
    const body = config.bodies ? config.bodies[issued % config.bodies.length] : undefined;
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: config.method ?? 'GET',
        headers: body === undefined ? config.headers : { ...config.headers, 'content-length': Buffer.byteLength(body) },
        timeout: config.timeoutMs ?? 5_000,
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          completed += 1;
          latency.record(performance.now() - sentAt);
          statusCounts[res.statusCode] = (statusCounts[res.statusCode] ?? 0) + 1;
          if (res.statusCode >= 400) errors += 1;
          resolve();
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      completed += 1;
      errors += 1;
      statusCounts.error = (statusCounts.error ?? 0) + 1;
      resolve();
    });
    req.end(body);
  });
}

const cpuStart = process.cpuUsage();
const started = performance.now();
const endAt = started + config.durationMs;

if (config.rate) {
  // Open loop: every millisecond, send what is due by now at the fixed rate.
  const inFlight = new Set();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (now >= endAt) {
        clearInterval(timer);
        resolve();
        return;
      }
      const due = Math.floor(((now - started) / 1000) * config.rate);
      while (issued < due) {
        const pending = send(now);
        inFlight.add(pending);
        pending.then(() => inFlight.delete(pending));
      }
    }, 1);
  });
  stopping = true;
  await Promise.all(inFlight);
} else {
  const loop = async () => {
    while (!stopping && performance.now() < endAt) await send(performance.now());
  };
  await Promise.all(Array.from({ length: config.connections }, loop));
}

const elapsedS = (performance.now() - started) / 1000;
const cpu = cpuSecondsSince(cpuStart);
agent.destroy();
process.stdout.write(
  `${JSON.stringify({
    tool: config.rate ? 'node-open-loop' : 'node-closed-loop',
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
