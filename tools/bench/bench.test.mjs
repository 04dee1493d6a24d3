// The benchmark's smoke runs (`npm run bench -- --quick --ladder`, and `--quick --compare HEAD`),
// as `npm test` runs them: they assert the harness works end to end (every front end answered,
// every section produced figures, no request failed, nothing left running), not the numbers.
// Plus the pure parts on fixed inputs.
// Run: node --test tools/bench/bench.test.mjs   (needs the apps built: npx nx run-many -t build)
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LatencyRecorder } from './load/latency.mjs';
import { medianOf } from './lib/measure.mjs';
import { parseOptions } from './lib/options.mjs';
import { gcEnv, gcTotals } from './lib/processes.mjs';
import { summarizeProfile } from './lib/profile.mjs';
import { evaluateTargets, ladderSteps, profilesSideBySide, roundsNote, sharedCoreAnalysis } from './lib/report.mjs';
import { compareCommand, compareLines } from './lib/compare-report.mjs';
import { canCreateMemoryCgroups, imageNodeArgs } from './lib/memory-cgroup.mjs';
import { pairedSummary, signTest } from './scenarios/compare.mjs';
import { rssGrowth, settleSeconds } from './scenarios/soak.mjs';

const RUN = new URL('./run.mjs', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * Runs `npm run bench -- <args> --no-build` into a temporary directory, asserts it exited 0 and
 * left nothing running, and returns its JSON result and Markdown report.
 */
async function benchRun(args) {
  const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  try {
    const child = spawn(process.execPath, [RUN, ...args, '--no-build', '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, output.slice(-6000));
    // Nothing the run started is left behind: this checkout's bench servers and load drivers
    // only (another checkout's run on the same machine, a CI run beside a session, is not ours).
    const ownScripts = `${ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}tools/bench/(servers|load)/`;
    const leftovers = spawnSync('pgrep', ['-f', ownScripts], { encoding: 'utf8' }).stdout.trim();
    assert.equal(leftovers, '', `processes left running: ${leftovers}`);
    const jsonFile = readdirSync(out).find((name) => name.endsWith('.json'));
    assert.ok(jsonFile, `no JSON result in ${out}`);
    const markdownFile = join(out, jsonFile.replace(/\.json$/, '.md'));
    assert.ok(existsSync(markdownFile), 'no Markdown report');
    const results = JSON.parse(readFileSync(join(out, jsonFile), 'utf8'));
    assert.deepEqual(results.failures, []);
    assert.deepEqual(results.errors, []);
    return { results, markdown: readFileSync(markdownFile, 'utf8') };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('npm run bench -- --quick --ladder', () => {
  it('runs every section against the real apps and reports zero errors', { timeout: 240_000 }, async () => {
    const { results } = await benchRun(['--quick', '--ladder']);
    assert.deepEqual(Object.keys(results.frontends.median), ['R0', 'Rmin', 'Rlibs', 'Rfastify', 'Rnest', 'Rref', 'Rours0', 'Rours', 'RoursAll']);
    assert.equal(ladderSteps(results)?.length, 5);
    for (const [name, figures] of Object.entries(results.frontends.median)) {
      assert.ok(figures.rps > 0 && figures.requests > 0, `${name} answered nothing`);
      assert.equal(figures.errors, 0, `${name} had errors`);
      assert.equal(typeof figures.gcUsPerRequest?.frontend, 'number', `${name} has no GC figures`);
    }
    assert.deepEqual(Object.keys(results.latency.median), ['Rmin', 'Rours0', 'Rours']);
    assert.ok(results.productGrpc.pglite.median['product-service'].rps > 0);
    assert.ok(results.productGrpc.pglite.median['bare grpc-js'].rps > 0);
    assert.equal(typeof results.productGrpc.pglite.median['product-service'].gcUsPerRequest?.server, 'number');
    assert.ok(results.soak.samples.length >= 2, 'soak took fewer than two samples');
    assert.equal(results.soak.maxSocketsPerBackend.product, 1, 'the gateway should hold one connection to the product service');
    assert.ok(results.frontends.rours.requestsServed > 0);
    if (process.env.TEST_DATABASE_URL) {
      assert.ok(results.productGrpc.postgres.median['product-service'].rps > 0);
      assert.ok(results.productGrpc.postgres.median['product-service (telemetry off)'].rps > 0);
      const orders = results.orders.median;
      assert.ok(orders.rps > 0 && orders.errors === 0, `POST /v1/orders: ${JSON.stringify(orders)}`);
    }
  });
});

describe('npm run bench -- --compare HEAD --quick', () => {
  // Where memory cgroups can be made (root, as in CI), the run also goes through --memory-limit.
  const limited = canCreateMemoryCgroups();
  it(`builds HEAD in a worktree, loads both gateways in every configuration${limited ? ' in 384 MiB memory cgroups' : ''}, and removes the worktree`, { timeout: 300_000 }, async () => {
    const { results, markdown } = await benchRun(['--quick', '--compare', 'HEAD', '--compare-config', 'Rours0,Rours,Rours0-404', ...(limited ? ['--memory-limit', '384'] : [])]);
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
    assert.equal(results.compare.sha, head);
    assert.deepEqual(Object.keys(results.compare.configs), ['Rours0', 'Rours', 'Rours0-404']);
    for (const [config, { rounds, summary }] of Object.entries(results.compare.configs)) {
      assert.equal(rounds.length, 2, config);
      for (const pair of rounds) {
        for (const build of ['this', 'ref']) {
          assert.ok(pair[build].requests > 0 && pair[build].cpuUsPerRequest > 0, `${config} ${build} answered nothing: ${JSON.stringify(pair[build])}`);
          assert.equal(pair[build].errors, 0, `${config} ${build} had errors`);
        }
      }
      assert.equal(summary.differences.length, 2);
    }
    assert.match(markdown, /## This checkout's gateway against `HEAD`/);
    assert.doesNotMatch(markdown, /## Targets/);
    if (limited) {
      assert.equal(results.compare.memoryLimitMiB, 384);
      assert.deepEqual(results.compare.nodeArgs.this, imageNodeArgs(ROOT));
      for (const { memory } of Object.values(results.compare.configs)) {
        for (const build of ['this', 'ref']) {
          assert.ok(memory[build].cgroupPeakMiB > 0 && memory[build].cgroupPeakMiB <= 384, `cgroup peak ${memory[build].cgroupPeakMiB}`);
          assert.equal(memory[build].oomKills, 0);
        }
      }
      const cgroups = spawnSync('sh', ['-c', 'ls /sys/fs/cgroup /sys/fs/cgroup/memory 2>/dev/null'], { encoding: 'utf8' }).stdout;
      assert.doesNotMatch(cgroups, /acme-bench-/, 'a cgroup was left behind');
    }
    const worktrees = spawnSync('git', ['worktree', 'list', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    assert.doesNotMatch(worktrees, /compare-[0-9a-f]{12}/, 'the worktree was not removed');
  });
});

describe('imageNodeArgs', () => {
  it("reads the node flags of the Dockerfile's last CMD, and refuses any other form", () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-dockerfile-'));
    try {
      const dockerfile = (cmd) =>
        writeFileSync(join(dir, 'Dockerfile'), `FROM node AS build\nCMD ["node", "build.js"]\nFROM node\nHEALTHCHECK \\\n  CMD ["node", "healthcheck.mjs"]\n${cmd}\n`);
      dockerfile('CMD ["node", "--enable-source-maps", "--max-semi-space-size=16", "dist/main.js"]');
      assert.deepEqual(imageNodeArgs(dir), ['--enable-source-maps', '--max-semi-space-size=16']);
      dockerfile('CMD ["node", "dist/main.js"]');
      assert.deepEqual(imageNodeArgs(dir), []);
      dockerfile('CMD node dist/main.js');
      assert.throws(() => imageNodeArgs(dir), /expected a last CMD of the form/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseOptions for --compare', () => {
  it('takes a list of configurations, Rours0 and Rours by default, ten rounds, and a memory limit only with --compare', () => {
    assert.deepEqual(parseOptions(['--compare', 'main~1']).compareConfigs, ['Rours0', 'Rours']);
    assert.equal(parseOptions(['--compare', 'main~1']).rounds, 10);
    assert.deepEqual(parseOptions(['--compare', 'main~1', '--compare-config', 'Rours0-404,Rours']).compareConfigs, ['Rours0-404', 'Rours']);
    assert.equal(parseOptions(['--compare', 'main~1', '--memory-limit', '384']).memoryLimitMiB, 384);
    assert.throws(() => parseOptions(['--compare', 'main~1', '--compare-config', 'Rmin']), /--compare-config takes a list of Rours0, Rours, Rours0-404/);
    assert.throws(() => parseOptions(['--memory-limit', '384']), /--memory-limit applies to --compare only/);
    assert.throws(() => parseOptions(['--compare', 'main~1', '--ladder']), /--compare runs only the comparison/);
  });
});

describe('pairedSummary and signTest', () => {
  const pair = (thisUs, refUs) => ({ this: { cpuUsPerRequest: thisUs, rps: 1000, errors: 0 }, ref: { cpuUsPerRequest: refUs, rps: 900, errors: 0 } });

  it('takes the median of the per-round differences, not the difference of the medians, and counts the rounds', () => {
    // The per-round differences of the first four rounds of 2026-11-22's concurrent A/B (b75ca12
    // against 5eb75ea); the CPU figures around them are made up.
    const rounds = [pair(282.4, 290.7), pair(260.1, 285.2), pair(301.0, 306.4), pair(270.0, 290.0)];
    const summary = pairedSummary(rounds);
    assert.deepEqual(summary.differences, [-8.3, -25.1, -5.4, -20]);
    assert.equal(summary.differenceUs, -14.1);
    assert.equal(summary.lower, 4);
    assert.equal(summary.higher, 0);
    assert.equal(summary.signTestP, 0.125);
    assert.equal(summary.refUs, 290.4);
    assert.equal(summary.differencePercent, -4.9);
    assert.equal(summary.errors, 0);
  });

  it('gives the exact two-sided sign test, leaving ties out', () => {
    assert.equal(signTest(10, 0), 2 / 1024);
    assert.equal(signTest(1, 9), 22 / 1024);
    assert.equal(signTest(5, 5), 1);
    assert.equal(signTest(0, 0), 1);
    assert.equal(pairedSummary([pair(10, 10), pair(9, 10)]).signTestP, 1);
  });

  it('reports every configuration with its rounds, and says when the lockfiles differ', () => {
    const compare = {
      ref: 'main~1',
      sha: '5eb75ea0123456789',
      subject: 'perf(gateway): something',
      lockfileDiffers: true,
      connectionsEach: 16,
      durationS: 8,
      rounds: 2,
      configs: { Rours0: { rounds: [pair(100, 110), pair(105, 110)], summary: pairedSummary([pair(100, 110), pair(105, 110)]) } },
    };
    const text = compareLines(compare).join('\n');
    assert.match(text, /against `main~1` \(5eb75ea01234 perf\(gateway\): something\)/);
    assert.match(text, /\| Rours0 \| 102\.5 \| 110 \| -7\.5 \(-6\.8%\) \| 0\.932 \| 2 of 2 \| 0\.5 \| 1000 \| 900 \| 0 \|/);
    assert.match(text, /Rours0, this - ref per round \(µs\/req\): -10, -5;/);
    assert.match(text, /package-lock\.json differs/);
    assert.equal(compareCommand(compare), 'npm run bench -- --compare main~1 --compare-config Rours0');
    assert.equal(compareCommand({ ...compare, memoryLimitMiB: 384, configs: { Rours0: {}, Rours: {} } }), 'npm run bench -- --compare main~1 --memory-limit 384');
  });
});

describe('LatencyRecorder', () => {
  it('reports nearest-rank percentiles of what it recorded', () => {
    const recorder = new LatencyRecorder();
    for (let ms = 100; ms >= 1; ms -= 1) recorder.record(ms);
    assert.deepEqual(recorder.summary(), { p50: 50, p90: 90, p99: 99, max: 100 });
    assert.equal(recorder.count, 100);
  });

  it('grows past its initial capacity', () => {
    const recorder = new LatencyRecorder();
    for (let i = 0; i < 200_000; i += 1) recorder.record(i % 10);
    assert.equal(recorder.count, 200_000);
    assert.equal(recorder.summary().max, 9);
  });
});

describe('medianOf', () => {
  it('takes medians of rates and latencies, sums errors and keeps the largest RSS', () => {
    const run = (rps, p99, errors, rss) => ({
      rps,
      requests: rps,
      errors,
      latencyMs: { p50: p99 / 2, p90: p99, p99, max: p99 },
      serverCpuPercent: { frontend: 50 },
      cpuUsPerRequest: { frontend: 10 },
      rssMiB: { frontend: rss },
      loadCpuPercent: 40,
      machineBusyPercent: 100,
    });
    const m = medianOf([run(100, 3, 0, 50), run(300, 1, 1, 70), run(200, 2, 2, 60)]);
    assert.equal(m.rps, 200);
    assert.equal(m.p99Ms, 2);
    assert.equal(m.errors, 3);
    assert.equal(m.rssMiB.frontend, 70);
    assert.equal(m.gcUsPerRequest, undefined, 'no GC figures without the observer');
  });

  it('takes medians of the GC figures of the roles every run measured', () => {
    const run = (gcUs, pauseMs) => ({
      rps: 1,
      requests: 1,
      errors: 0,
      latencyMs: { p50: 1, p90: 1, p99: 1, max: 1 },
      serverCpuPercent: { frontend: 1, product: 1 },
      cpuUsPerRequest: { frontend: 1, product: 1 },
      rssMiB: { frontend: 1, product: 1 },
      gcUsPerRequest: { frontend: gcUs, ...(gcUs > 10 ? { product: 5 } : {}) },
      youngGcPauseMs: { frontend: pauseMs, ...(gcUs > 10 ? { product: 1 } : {}) },
    });
    const m = medianOf([run(30, 4), run(10, 2), run(20, 8)]);
    assert.deepEqual(m.gcUsPerRequest, { frontend: 20 });
    assert.deepEqual(m.youngGcPauseMs, { frontend: 4 });
  });
});

describe('rssGrowth', () => {
  const series = (values) => values.map((rssMiB, i) => ({ atS: i * 10, rssMiB }));

  it('counts growth once the heap has settled at the soak load, and reports it from 0 s beside it', () => {
    // The 2026-11-21T18-06-17Z soak: the gateway climbs to its working set in ~40 s, then stays flat.
    const samples = series([424.3, 424.8, 435.2, 468.1, 487.3, 487.3, 487.4, 487.7, 487.8, 487.3, ...Array(21).fill(486)]);
    const growth = rssGrowth(samples, settleSeconds(300));
    assert.equal(growth.settleS, 60);
    assert.equal(growth.rssStartMiB, 487.7);
    assert.equal(growth.rssEndMiB, 486);
    assert.equal(growth.rssGrowthPercent, -0.3);
    assert.equal(growth.rssFirstMiB, 424.8);
    assert.equal(growth.rssGrowthFromFirstPercent, 14.4);
  });

  it('still sees a leak: steady growth after settling', () => {
    const growth = rssGrowth(series(Array.from({ length: 31 }, (_, i) => 400 + 2 * i)), settleSeconds(300));
    assert.equal(growth.rssStartMiB, 414);
    assert.equal(growth.rssEndMiB, 458);
    assert.equal(growth.rssGrowthPercent, 10.6);
  });

  it('uses the whole series when too few samples follow the settling time (short soaks)', () => {
    assert.equal(settleSeconds(3), 0.6);
    const growth = rssGrowth([{ atS: 0, rssMiB: 100 }, { atS: 0.5, rssMiB: 101 }, { atS: 1, rssMiB: 102 }], 0.6);
    assert.equal(growth.rssStartMiB, 101);
    assert.equal(growth.rssEndMiB, 101);
  });
});

describe('gc-observer.mjs', () => {
  it('keeps the totals of a process started with gcEnv() where gcTotals reads them', async () => {
    // The child says so once its own observer (registered after the preloaded one, so called
    // after it) has seen a young and a full collection.
    const script = `
      const { constants, PerformanceObserver } = require('node:perf_hooks');
      const kinds = new Set();
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) kinds.add(entry.detail.kind);
        if (kinds.has(constants.NODE_PERFORMANCE_GC_MINOR) && kinds.has(constants.NODE_PERFORMANCE_GC_MAJOR)) setImmediate(() => console.log('collected'));
      }).observe({ entryTypes: ['gc'] });
      globalThis.gc();
      globalThis.gc({ type: 'minor' });
      // Node delivers GC entries on the next turn of the event loop: keep it turning.
      setInterval(() => {}, 10);`;
    const child = spawn(process.execPath, ['--expose-gc', '-e', script], { env: { ...process.env, ...gcEnv() }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let output = '';
      for await (const chunk of child.stdout) {
        output += chunk;
        if (output.includes('collected')) break;
      }
      const totals = gcTotals(child.pid);
      assert.ok(totals, 'no totals file');
      assert.ok(totals.young.count >= 1 && totals.young.ms > 0, JSON.stringify(totals));
      assert.ok(totals.other.count >= 1 && totals.other.ms > 0, JSON.stringify(totals));
    } finally {
      child.kill();
    }
  });

  it('is never read half-written while the process collects', async () => {
    // A child collecting as fast as it can (the observer rewrites the file after each turn with
    // collections); every read of its totals meanwhile must parse.
    const script = `
      const stop = Date.now() + 1500;
      const churn = () => { for (let i = 0; i < 200; i += 1) globalThis.gc({ type: 'minor' }); if (Date.now() < stop) setImmediate(churn); else process.exit(0); };
      console.log('started');
      churn();`;
    const child = spawn(process.execPath, ['--expose-gc', '-e', script], { env: { ...process.env, ...gcEnv() }, stdio: ['ignore', 'pipe', 'inherit'] });
    await once(child.stdout, 'data');
    const exited = once(child, 'exit');
    let done = false;
    void exited.then(() => (done = true));
    let reads = 0;
    let torn = 0;
    while (!done) {
      if (gcTotals(child.pid) !== undefined) reads += 1;
      else if (existsSync(join(gcEnv().BENCH_GC_DIR, `${child.pid}.json`))) torn += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(reads > 100, `only ${reads} reads`);
    assert.equal(torn, 0, `${torn} of ${reads + torn} reads found the totals file half-written`);
  });
});

describe('evaluateTargets', () => {
  const figures = (rps) => ({ rps, p99Ms: 1, errors: 0 });
  const results = (overrides) => ({
    frontends: { median: { Rmin: figures(1000), Rref: figures(500), Rours0: figures(950), Rours: figures(870) }, adapters: { Rref: 'express' } },
    latency: { rate: 500, median: { Rmin: { p99Ms: 2, errors: 0 }, Rours: { p99Ms: 2.3, errors: 0 } } },
    soak: { rssGrowthPercent: 4, rssStartMiB: 100, rssEndMiB: 104, durationS: 300, rate: 400, load: { errors: 0 }, maxSocketsPerBackend: { product: 1, user: 0, order: 0 } },
    productGrpc: { pglite: { median: { 'product-service': figures(900), 'bare grpc-js': figures(1000) } } },
    ...overrides,
  });
  const byName = (targets, prefix) => targets.find((t) => t.name.startsWith(prefix));

  it('meets every target on figures inside the goals', () => {
    const targets = evaluateTargets(results({}));
    for (const prefix of ['Rours / Rmin', 'Rours0 / Rmin', 'Rours / Rref', 'Rours / Rours0', 'p99 at 50%', 'soak RSS', 'soak channels', 'product service / bare grpc-js, GetProduct on pglite']) {
      assert.equal(byName(targets, prefix).pass, true, prefix);
    }
    assert.equal(byName(targets, 'product service / bare grpc-js, GetProduct on postgres').pass, null);
    assert.equal(byName(targets, 'product service / bare grpc-js, GetProduct on pglite').note, undefined);
  });

  it('prices the telemetry beside the product service target without judging it', () => {
    const targets = evaluateTargets(
      results({
        productGrpc: { postgres: { median: { 'product-service': figures(700), 'product-service (telemetry off)': figures(880), 'bare grpc-js': figures(1000) } } },
      }),
    );
    const target = byName(targets, 'product service / bare grpc-js, GetProduct on postgres');
    assert.equal(target.value, 0.7);
    assert.equal(target.pass, false);
    assert.equal(target.note, 'with tracing and call logs off (not a target, the price of telemetry): 0.88');
  });

  it('misses the targets the figures miss', () => {
    const targets = evaluateTargets(
      results({
        frontends: { median: { Rmin: figures(1000), Rref: figures(800), Rours0: figures(880), Rours: figures(600) }, adapters: { Rref: 'express' } },
        latency: { rate: 500, median: { Rmin: { p99Ms: 2, errors: 0 }, Rours: { p99Ms: 2.2, errors: 3 } } },
        soak: { rssGrowthPercent: 12, rssStartMiB: 100, rssEndMiB: 112, durationS: 300, rate: 400, load: { errors: 0 }, maxSocketsPerBackend: { product: 2, user: 0, order: 0 } },
      }),
    );
    for (const prefix of ['Rours / Rmin', 'Rours0 / Rmin', 'Rours / Rref', 'Rours / Rours0', 'p99 at 50%', 'soak RSS', 'soak channels']) {
      assert.equal(byName(targets, prefix).pass, false, prefix);
    }
  });
});

describe('roundsNote', () => {
  const rounds = (...rps) => rps.map((value) => ({ rps: value }));

  it('lists the ratio round by round and says so when the rounds disagree about the goal', () => {
    const runs = { Rmin: rounds(1081, 1033, 1472), Rours0: rounds(810, 1039, 1189) };
    assert.equal(roundsNote(runs, 'Rours0', 'Rmin', 0.9), "rounds 0.749, 1.006, 0.808: 1 of 3 meet the goal, within this run's noise");
    assert.equal(roundsNote(runs, 'Rours0', 'Rmin', 0.7), 'rounds 0.749, 1.006, 0.808');
    assert.equal(roundsNote(runs, 'Rours0', 'Rmin', 1.1), 'rounds 0.749, 1.006, 0.808');
  });

  it('says nothing with one round, a front end missing or rounds that do not pair', () => {
    assert.equal(roundsNote({ Rmin: rounds(1000), Rours0: rounds(900) }, 'Rours0', 'Rmin', 0.9), undefined);
    assert.equal(roundsNote({ Rmin: rounds(1000, 1000) }, 'Rours0', 'Rmin', 0.9), undefined);
    assert.equal(roundsNote({ Rmin: rounds(1000, 1000), Rours0: rounds(900) }, 'Rours0', 'Rmin', 0.9), undefined);
  });

  it("lands in the throughput targets' notes, beside the Rref adapter note", () => {
    const figures = (rps) => ({ rps, p99Ms: 1, errors: 0 });
    const runs = { Rmin: rounds(1000, 1000), Rref: rounds(500, 900), Rours0: rounds(950, 850), Rours: rounds(870, 870) };
    const targets = evaluateTargets({
      frontends: { median: { Rmin: figures(1000), Rref: figures(700), Rours0: figures(900), Rours: figures(870) }, runs, adapters: { Rref: 'fastify' } },
    });
    const note = (name) => targets.find((t) => t.name === name).note;
    assert.equal(note('Rours0 / Rmin (req/s)'), "rounds 0.95, 0.85: 1 of 2 meet the goal, within this run's noise");
    assert.equal(note('Rours / Rref (req/s)'), "Rref ran on fastify; rounds 1.74, 0.967: 1 of 2 meet the goal, within this run's noise");
    assert.equal(note('Rours / Rmin (req/s)'), 'rounds 0.87, 0.87');
  });
});

describe('sharedCoreAnalysis', () => {
  const run = (rps, frontend, product) => ({ rps, cpuUsPerRequest: { frontend }, serverCpuPercent: { product } });

  it("derives the product service's cost per request, the front ends' cost ratios and the Rours / Rref ceiling", () => {
    // Rmin: 1000 req/s with the product service at 60% of a core: 600 µs per request.
    const analysis = sharedCoreAnalysis({
      frontends: { median: { Rmin: run(1000, 400, 60), Rref: run(900, 500, 54), Rours0: run(880, 500, 53), Rours: run(800, 625, 48) } },
    });
    assert.equal(analysis.productUsPerRequest, 600);
    assert.equal(analysis.roursOverRrefCeiling, 1.1);
    assert.deepEqual(analysis.frontendCostRatios, { 'Rours / Rmin': 0.64, 'Rours0 / Rmin': 0.8, 'Rours / Rref': 0.8, 'Rours / Rours0': 0.8 });
  });

  it('says nothing without Rmin and Rref', () => {
    assert.equal(sharedCoreAnalysis({ frontends: { median: { Rours: run(800, 625, 48) } } }), undefined);
  });
});

describe('summarizeProfile', () => {
  it('ranks self time by function and by package, leaving idle time out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
    try {
      const frame = (functionName, url) => ({ functionName, url, lineNumber: 0, columnNumber: 0, scriptId: '0' });
      const file = join(dir, 'p.cpuprofile');
      writeFileSync(
        file,
        JSON.stringify({
          nodes: [
            { id: 1, callFrame: frame('(root)', '') },
            { id: 2, callFrame: frame('(idle)', '') },
            { id: 3, callFrame: frame('serialize', 'file:///w/node_modules/@grpc/grpc-js/build/src/x.js') },
            { id: 4, callFrame: frame('handle', 'file:///w/apps/gateway/dist/products.controller.js') },
          ],
          samples: [2, 3, 3, 3, 4],
          timeDeltas: [5000, 1000, 1000, 1000, 1000],
        }),
      );
      const summary = summarizeProfile(file);
      assert.equal(summary.idleMs, 5);
      assert.equal(summary.busyMs, 4);
      assert.deepEqual(
        summary.packages.map((p) => [p.name, p.percent]),
        [
          ['@grpc/grpc-js', 75],
          ['apps/gateway', 25],
        ],
      );
      assert.equal(summary.functions[0].name, 'serialize @grpc/grpc-js/build/src/x.js:1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('profilesSideBySide', () => {
  const profile = (name, packages) => ({ name, packages: Object.entries(packages).map(([pkg, usPerRequest]) => ({ name: pkg, usPerRequest })) });

  it('sets each package beside the baseline, largest excess of the last profile first', () => {
    const table = profilesSideBySide([
      profile('Rmin', { '@grpc/grpc-js': 80, 'node: (core)': 90 }),
      profile('Rours0', { '@grpc/grpc-js': 82, 'node: (core)': 98, fastify: 11 }),
      profile('Rours', { '@grpc/grpc-js': 84, 'node: (core)': 140, fastify: 17, pino: 12 }),
    ]);
    assert.deepEqual(table?.columns, ['Rmin', 'Rours0', 'Rours']);
    assert.deepEqual(
      table?.rows.map((row) => [row.name, row.usPerRequest, row.overBaseline]),
      [
        ['node: (core)', [90, 98, 140], 50],
        ['fastify', [undefined, 11, 17], 17],
        ['pino', [undefined, undefined, 12], 12],
        ['@grpc/grpc-js', [80, 82, 84], 4],
      ],
    );
  });

  it('leaves out failed profiles and needs two to compare', () => {
    assert.equal(profilesSideBySide([profile('Rmin', { fastify: 1 }), { name: 'Rours', error: 'no .cpuprofile' }]), undefined);
  });
});

describe('ladderSteps', () => {
  const at = (costs) => ({ frontends: { median: Object.fromEntries(Object.entries(costs).map(([name, us]) => [name, { cpuUsPerRequest: { frontend: us } }])) } });

  it('prices each layer from Rmin to Rours on one run', () => {
    assert.deepEqual(
      ladderSteps(at({ Rmin: 179, Rlibs: 213, Rfastify: 215, Rnest: 211, Rref: 227, Rours0: 243, Rours: 341 }))?.map((s) => [s.from, s.to, s.addedUs]),
      [
        ['Rmin', 'Rlibs', 34],
        ['Rlibs', 'Rfastify', 2],
        ['Rfastify', 'Rnest', -4],
        ['Rnest', 'Rours0', 32],
        ['Rours0', 'Rours', 98],
      ],
    );
  });

  it('is absent without the ladder rows', () => {
    assert.equal(ladderSteps(at({ Rmin: 179, Rours0: 243, Rours: 341 })), undefined);
  });
});
