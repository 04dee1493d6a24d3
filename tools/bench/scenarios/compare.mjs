// `--compare <ref>`: this checkout's gateway against the gateway built at another commit, both
// loaded at the same time. On a VM whose speed swings between runs and within one, two builds
// measured one after the other differ by as much as the swing (here, ±30 µs per request from
// round to round); loaded together, pinned to the same core, they see the same swings, and the
// paired difference of one round holds. Two builds of the same gateway run the same code paths,
// so the interference between them is symmetric, which it is not for different programs.
// With --memory-limit each gateway runs as a container of its tree's image would: in a memory
// cgroup of that size, with the node flags of its Dockerfile's CMD.
import { ROURS0_ENV, roursEnv, startGateway } from '../lib/frontends.mjs';
import { createMemoryCgroup, imageNodeArgs } from '../lib/memory-cgroup.mjs';
import { httpMax } from '../lib/load.mjs';
import { measured, median, round } from '../lib/measure.mjs';
import { stop } from '../lib/processes.mjs';
import { startBenchServer, waitForHttp } from '../lib/services.mjs';
import { LOAD_CORE, ROOT } from '../lib/workspace.mjs';

/** Any well-formed id: the fixed-answer server returns its one product for every id... */
const PRODUCT_ID = '6f1c2a9e-3b7d-4c55-9a1e-2d4b8f0c7e31';
/** ...but NOT_FOUND for this one (ids starting with ffffffff). */
const MISSING_ID = 'ffffffff-3b7d-4c55-9a1e-2d4b8f0c7e31';

/**
 * The gateway configurations a comparison can load: the two of the main run's targets, and
 * Rours0 answering 404 for a product the backend does not have (the error path: a failed gRPC
 * call mapped to problem+json).
 * @type {Record<string, (otlpEndpoint: string) => { env: Record<string, string>, requestLog: boolean, productId: string, status: number }>}
 */
export const COMPARE_CONFIGS = {
  Rours0: () => ({ env: ROURS0_ENV, requestLog: false, productId: PRODUCT_ID, status: 200 }),
  Rours: (otlpEndpoint) => ({ env: roursEnv({ otlpEndpoint }), requestLog: true, productId: PRODUCT_ID, status: 200 }),
  'Rours0-404': () => ({ env: ROURS0_ENV, requestLog: false, productId: MISSING_ID, status: 404 }),
};

/**
 * @param {import('../run.mjs').Context} ctx
 * @param {{ worktree: import('../lib/worktree.mjs').Worktree, configs: (keyof typeof COMPARE_CONFIGS)[], logDir: string, keyDir: string }} setup
 */
export async function compareBuilds(ctx, { worktree, configs, logDir, keyDir }) {
  const { options } = ctx;
  const backend = await startBenchServer('fixed product', 'fixed-product.mjs', {});
  const sink = await startBenchServer('otlp-sink (compare)', 'otlp-sink.mjs', {}, { core: LOAD_CORE });
  const builds = [
    { label: 'this', root: ROOT },
    { label: 'ref', root: worktree.root },
  ].map((build) => ({ ...build, nodeArgs: options.memoryLimitMiB === undefined ? [] : imageNodeArgs(build.root) }));
  // Half the connections each: together they offer the main run's load.
  const connections = Math.max(1, Math.floor(options.connections / 2));
  const context = {
    productTarget: `127.0.0.1:${backend.port}`,
    userTarget: `127.0.0.1:${backend.port}`,
    orderTarget: `127.0.0.1:${backend.port}`,
    keyDir,
    otlpEndpoint: `http://127.0.0.1:${sink.port}`,
    logDir,
  };
  /** Every cgroup made, and the gateway in it: removed at the end whatever happens. */
  const cgroups = [];
  const byConfig = {};
  try {
    for (const config of configs) byConfig[config] = await compareConfig(ctx, { config, builds, context, connections, worktree, cgroups });
  } finally {
    for (const { cgroup, gateway } of cgroups) {
      await stop(gateway?.managed);
      cgroup.remove();
    }
  }
  await stop(backend.managed);
  await stop(sink.managed);
  return {
    ref: worktree.ref,
    sha: worktree.sha,
    subject: worktree.subject,
    lockfileDiffers: worktree.lockfileDiffers,
    memoryLimitMiB: options.memoryLimitMiB,
    nodeArgs: Object.fromEntries(builds.map((build) => [build.label, build.nodeArgs])),
    connectionsEach: connections,
    durationS: options.durationS,
    rounds: options.rounds,
    configs: byConfig,
  };
}

/** One configuration: both builds started, warmed up, and loaded together round after round. */
async function compareConfig(ctx, { config, builds, context, connections, worktree, cgroups }) {
  const { options } = ctx;
  const { env, requestLog, productId, status } = COMPARE_CONFIGS[config](context.otlpEndpoint);
  const url = (service) => `http://127.0.0.1:${service.port}/v1/products/${productId}`;
  // The product, or the problem+json of NOT_FOUND.
  const answers = (service) => waitForHttp(url(service), status === 200 ? 'BENCH-FIXED' : 'NOT_FOUND', service.managed, status);
  const gateways = [];
  for (const build of builds) {
    const cgroup = options.memoryLimitMiB === undefined ? undefined : createMemoryCgroup(`acme-bench-${process.pid}-${config}-${build.label}`, options.memoryLimitMiB);
    const entry = cgroup && { cgroup, gateway: undefined };
    if (entry) cgroups.push(entry);
    const service = await startGateway(
      context,
      { name: `${config}-${build.label}`, env, requestLog },
      { root: build.root, nodeArgs: build.nodeArgs, cgroupProcs: cgroup?.procsFile },
    );
    if (entry) entry.gateway = service;
    await answers(service);
    gateways.push({ ...build, service, cgroup });
  }
  ctx.log(`--- ${config}: this checkout and ${worktree.ref} loaded together (${options.warmupS} s warm-up, ${options.rounds} rounds of ${options.durationS} s)`);
  await Promise.all(gateways.map((gateway) => httpMax({ url: url(gateway.service), connections, durationS: options.warmupS, tool: ctx.tool })));
  const rounds = [];
  for (let index = 0; index < options.rounds; index += 1) {
    // Which wrk starts first alternates, so neither build always gets the head start.
    const order = index % 2 === 0 ? gateways : [...gateways].reverse();
    const results = await Promise.all(
      order.map((gateway) =>
        measured({ gateway: gateway.service.pid }, () => httpMax({ url: url(gateway.service), connections, durationS: options.durationS, tool: ctx.tool })),
      ),
    );
    const pair = Object.fromEntries(order.map((gateway, i) => [gateway.label, roundFigures(results[i], status)]));
    rounds.push(pair);
    ctx.log(
      `  round ${index + 1}/${options.rounds}: this ${pair.this.cpuUsPerRequest} µs/req (${pair.this.rps} req/s), ref ${pair.ref.cpuUsPerRequest} µs/req (${pair.ref.rps} req/s)`,
    );
  }
  // The cgroup's peak (memory.peak / max_usage_in_bytes) counts page cache too; RSS is the process's.
  const memory = Object.fromEntries(
    gateways.map((gateway) => [
      gateway.label,
      { peakRssMiB: Math.max(...rounds.map((pair) => pair[gateway.label].rssMiB)), cgroupPeakMiB: gateway.cgroup?.peakMiB(), oomKills: gateway.cgroup?.oomKills() },
    ]),
  );
  // Still the expected answer after the load (wrk counts statuses >= 400, not which ones).
  for (const gateway of gateways) await answers(gateway.service);
  for (const gateway of gateways) await stop(gateway.service.managed);
  return { rounds, summary: pairedSummary(rounds), memory };
}

/** A round's figures; with `status` >= 400 expected, answers counted as errors are the ones that were not errors. */
function roundFigures(result, status) {
  const statusErrors = result.errorDetail?.status ?? 0;
  return {
    rps: round(result.rps, 0),
    requests: result.requests,
    errors: status < 400 ? result.errors : result.errors - statusErrors + (result.requests - statusErrors),
    p99Ms: round(result.latencyMs.p99, 3),
    cpuUsPerRequest: result.cpuUsPerRequest.gateway,
    gcUsPerRequest: result.gcUsPerRequest?.gateway,
    rssMiB: result.rssMiB.gateway,
    cpuPercent: result.serverCpuPercent.gateway,
    machineBusyPercent: result.machineBusyPercent,
  };
}

/**
 * The paired comparison of CPU per request over rounds: the median of the per-round differences
 * (this - ref) and ratios, how many rounds had this build cheaper, and the two-sided sign-test
 * p-value of that count (rounds with no difference left out).
 * @param {{ this: { cpuUsPerRequest: number, rps: number, errors: number }, ref: { cpuUsPerRequest: number, rps: number, errors: number } }[]} rounds
 */
export function pairedSummary(rounds) {
  const differences = rounds.map((pair) => round(pair.this.cpuUsPerRequest - pair.ref.cpuUsPerRequest, 1));
  const lower = differences.filter((d) => d < 0).length;
  const higher = differences.filter((d) => d > 0).length;
  const refUs = median(rounds.map((pair) => pair.ref.cpuUsPerRequest));
  const differenceUs = round(median(differences), 1);
  return {
    thisUs: round(median(rounds.map((pair) => pair.this.cpuUsPerRequest)), 1),
    refUs: round(refUs, 1),
    differences,
    differenceUs,
    differencePercent: refUs > 0 ? round((differenceUs / refUs) * 100, 1) : undefined,
    ratio: round(median(rounds.map((pair) => (pair.ref.cpuUsPerRequest > 0 ? pair.this.cpuUsPerRequest / pair.ref.cpuUsPerRequest : 1))), 3),
    lower,
    higher,
    signTestP: round(signTest(lower, higher), 4),
    thisRps: round(median(rounds.map((pair) => pair.this.rps)), 0),
    refRps: round(median(rounds.map((pair) => pair.ref.rps)), 0),
    errors: rounds.reduce((sum, pair) => sum + pair.this.errors + pair.ref.errors, 0),
  };
}

/** Two-sided exact sign test: the chance of a split at least this uneven if neither build were cheaper. */
export function signTest(a, b) {
  const n = a + b;
  if (n === 0) return 1;
  const k = Math.min(a, b);
  let tail = 0;
  let coefficient = 1;
  for (let i = 0; i <= k; i += 1) {
    tail += coefficient;
    coefficient = (coefficient * (n - i)) / (i + 1);
  }
  return Math.min(1, (2 * tail) / 2 ** n);
}
