// Load generation, always from a separate process pinned to the load core: wrk for maximum
// HTTP throughput when installed (C, microsecond latencies, little CPU per request), else the
// Node closed-loop driver; the Node open-loop driver for fixed rates (wrk has no fixed-rate
// mode); the grpc-js driver for the product service alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToEnd } from './processes.mjs';
import { BENCH_DIR, LOAD_CORE } from './workspace.mjs';

const HAS_WRK = spawnSync('wrk', ['--version']).error === undefined;
const scratch = mkdtempSync(join(tmpdir(), 'acme-bench-load-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const REPORT_LUA = readFileSync(join(BENCH_DIR, 'load/wrk-report.lua'), 'utf8');

/** @typedef {{ tool: string, requests: number, durationS: number, rps: number, errors: number,
 *   latencyMs: { p50: number, p90: number, p99: number, max: number }, loadCpuPercent: number,
 *   statusCounts?: Record<string, number>, errorDetail?: Record<string, number> }} LoadResult */

/** Which tool drives maximum-throughput HTTP runs. */
export function httpTool(preferred) {
  if (preferred === 'node') return 'node';
  if (preferred === 'wrk' && !HAS_WRK) throw new Error('--tool wrk: wrk is not installed (apt-get install -y wrk)');
  return HAS_WRK ? 'wrk' : 'node';
}

/**
 * Closed-loop maximum throughput against `url` with a fixed number of connections.
 * @param {{ url: string, connections: number, durationS: number, tool: string,
 *   method?: string, headers?: Record<string, string>, bodies?: string[] }} options
 * @returns {Promise<LoadResult>}
 */
export async function httpMax(options) {
  if (options.tool !== 'wrk') return nodeDriver({ ...options, rate: undefined });
  assertLocal(options.url);
  const url = new URL(options.url);
  const script = join(scratch, `wrk-${process.hrtime.bigint()}.lua`);
  writeFileSync(script, REPORT_LUA + (options.bodies ? requestPool(url, options) : ''));
  // `times` after wrk prints the CPU time of the shell's children: wrk's own user + system.
  const stdout = await runToEnd(
    'wrk',
    'sh',
    [
      '-c',
      'wrk "$@"; status=$?; times; exit $status',
      'wrk',
      '-t1',
      `-c${options.connections}`,
      // wrk takes whole seconds.
      `-d${Math.max(1, Math.round(options.durationS))}s`,
      '--timeout',
      '5s',
      '-s',
      script,
      options.url,
    ],
    { core: LOAD_CORE, timeoutMs: (options.durationS + 30) * 1000 },
  );
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
  const raw = JSON.parse(line.slice('BENCH_RESULT '.length));
  const times = stdout.trim().split('\n').at(-1).split(/\s+/).map(parseShellTime);
  const durationS = raw.durationUs / 1e6;
  const errors = raw.connect + raw.read + raw.write + raw.timeout + raw.status;
  return {
    tool: 'wrk',
    requests: raw.requests,
    durationS,
    rps: raw.requests / durationS,
    errors,
    errorDetail: { connect: raw.connect, read: raw.read, write: raw.write, timeout: raw.timeout, status: raw.status },
    latencyMs: { p50: raw.p50 / 1000, p90: raw.p90 / 1000, p99: raw.p99 / 1000, max: raw.max / 1000 },
    loadCpuPercent: ((times[0] + times[1]) / durationS) * 100,
  };
}

/**
 * Open-loop fixed rate (requests per second) against `url`.
 * @param {{ url: string, rate: number, connections: number, durationS: number }} options
 * @returns {Promise<LoadResult>}
 */
export function httpRate(options) {
  return nodeDriver(options);
}

/**
 * Closed-loop gRPC unary calls with `concurrency` in flight.
 * @param {{ target: string, path: string, requests: Buffer[], concurrency: number, durationS: number }} options
 * @returns {Promise<LoadResult>}
 */
export async function grpcLoad(options) {
  const config = {
    target: options.target,
    path: options.path,
    requests: options.requests.map((bytes) => Buffer.from(bytes).toString('base64')),
    concurrency: options.concurrency,
    durationMs: options.durationS * 1000,
  };
  const stdout = await runToEnd('grpc-load', process.execPath, [join(BENCH_DIR, 'load/grpc-load.mjs'), JSON.stringify(config)], {
    core: LOAD_CORE,
    timeoutMs: options.durationS * 1000 + 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

async function nodeDriver(options) {
  assertLocal(options.url);
  const config = {
    url: options.url,
    method: options.method,
    headers: options.headers,
    bodies: options.bodies,
    connections: options.connections,
    durationMs: options.durationS * 1000,
    rate: options.rate,
  };
  const stdout = await runToEnd('http-load', process.execPath, [join(BENCH_DIR, 'load/http-load.mjs'), JSON.stringify(config)], {
    core: LOAD_CORE,
    timeoutMs: options.durationS * 1000 + 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

// A Lua table of prepared requests wrk rotates through, one body each. The Host header is
// explicit: wrk.format at script load runs before wrk knows the host, and HTTP/1.1 servers
// answer 400 to a request without one.
function requestPool(url, options) {
  const headers = Object.entries({ host: url.host, ...options.headers })
    .map(([name, value]) => `[${luaString(name)}] = ${luaString(value)}`)
    .join(', ');
  const entries = options.bodies
    .map((body) => `wrk.format(${luaString(options.method ?? 'POST')}, ${luaString(url.pathname + url.search)}, { ${headers} }, ${luaString(body)})`)
    .join(',\n  ');
  return `
local pool = {
  ${entries}
}
local counter = 0
request = function()
  counter = counter + 1
  return pool[(counter % #pool) + 1]
end
`;
}

function luaString(value) {
  return JSON.stringify(String(value));
}

function parseShellTime(text) {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : 0;
}

function assertLocal(url) {
  if (new URL(url).hostname !== '127.0.0.1') throw new Error(`refusing to load ${url}: only 127.0.0.1 targets`);
}
