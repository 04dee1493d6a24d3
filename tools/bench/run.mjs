#!/usr/bin/env node
// `npm run bench`: the reproducible benchmark of issue 6. See tools/bench/README.md.
//
// Phase 1 (the front-end database, PGlite unless --frontend-db postgres): the product service
// seeded with products; the five front ends one after another under the same load (warm-up,
// then interleaved rounds); latency at half of Rmin's maximum; the product service alone
// against a bare grpc-js server; a soak of our gateway as shipped.
// Phase 2 (the other database): the product service alone against the bare server again, and,
// on PostgreSQL, POST /v1/orders through the whole system.
// With --compare <ref>, none of that: this checkout's gateway and the one built at <ref> (a git
// worktree) loaded at the same time against a fixed-answer product service (scenarios/compare.mjs).
// Every server runs on core 0, every load generator on core 1. All children are killed at the
// end, whatever happens; databases created for the run are dropped, the worktree removed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { copyPglite, databaseEnv, dropAll, pgliteDatabase, postgresDatabase, postgresReachable } from './lib/databases.mjs';
import { FRONTENDS, offeredFrontends, ROURS0_ENV, roursEnv, startGateway } from './lib/frontends.mjs';
import { contracts } from './lib/contracts.mjs';
import { grpcLoad, httpMax, httpTool } from './lib/load.mjs';
import { describeMachine } from './lib/machine.mjs';
import { round } from './lib/measure.mjs';
import { parseOptions } from './lib/options.mjs';
import { freePort, onInterrupt, stop, stopAll } from './lib/processes.mjs';
import { errorSummary, evaluateTargets, measurementWarnings, PROFILED_FRONTENDS, sharedCoreAnalysis, toMarkdown } from './lib/report.mjs';
import { seedProducts, startApp, startBenchServer, waitForHttp, waitForProductService } from './lib/services.mjs';
import { isBuilt, LOAD_CORE, ROOT } from './lib/workspace.mjs';
import { maxThroughput, latencyAtRate } from './scenarios/frontends.mjs';
import { ordersEndToEnd } from './scenarios/orders.mjs';
import { compareBuilds } from './scenarios/compare.mjs';
import { prepareWorktree, removeWorktree } from './lib/worktree.mjs';
import { productGrpc } from './scenarios/product-grpc.mjs';
import { profileUnderLoad } from './scenarios/profile.mjs';
import { soak } from './scenarios/soak.mjs';

/**
 * What every scenario gets.
 * @typedef {{ options: import('./lib/options.mjs').Options, tool: string, log: (line: string) => void, outDir: string, stamp: string }} Context
 */

const APPS = ['product-service', 'gateway', 'user-service', 'order-service'];

/** The product service without its telemetry: what tracing and call logs cost, measured beside it. */
const PRODUCT_TELEMETRY_OFF = { name: 'product-service (telemetry off)', env: { OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn' } };

const options = parseOptions(process.argv.slice(2));
const began = performance.now();
const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
const outDir = options.out ?? (options.quick ? mkdtempSync(join(tmpdir(), 'acme-bench-quick-')) : join(ROOT, 'bench-results'));
const workDir = mkdtempSync(join(tmpdir(), 'acme-bench-run-'));
const logDir = join(workDir, 'logs');
mkdirSync(logDir, { recursive: true });
mkdirSync(outDir, { recursive: true });

onInterrupt(async () => {
  await dropAll();
  rmSync(workDir, { recursive: true, force: true });
});

const log = (line) => process.stdout.write(`[bench +${Math.round((performance.now() - began) / 1000)}s] ${line}\n`);
/** @type {Context} */
const ctx = { options, tool: httpTool(options.tool), log, outDir, stamp };

const results = {
  stamp,
  mode: options.quick ? 'quick' : 'full',
  machine: describeMachine(),
  settings: {
    connections: options.connections,
    durationS: options.durationS,
    warmupS: options.warmupS,
    rounds: options.rounds,
    soakS: options.soakS,
    httpTool: ctx.tool,
    frontendDatabase: options.frontendDb,
    ladder: options.ladder,
    skipped: [...options.skip],
    compare: options.compare,
  },
  notes: [],
};
const failures = [];
const skipping = (section) => options.skip.has(section);

try {
  if (options.compare !== undefined) await compareRun();
  else await sectionsRun();
} catch (error) {
  failures.push(error);
  log(`FAILED: ${error.stack ?? error}`);
} finally {
  await stopAll();
  await dropAll();
  rmSync(workDir, { recursive: true, force: true });
}

results.elapsedS = round((performance.now() - began) / 1000, 1);
results.targets = evaluateTargets(results);
results.sharedCore = sharedCoreAnalysis(results);
results.errors = errorSummary(results);
results.warnings = measurementWarnings(results);
results.failures = failures.map((error) => String(error.message ?? error));
const incomplete = options.quick && !options.allowMissing && options.compare === undefined ? missingFrontends(results) : [];
const jsonFile = join(outDir, `${stamp}.json`);
const markdown = toMarkdown(results) + (results.failures.length > 0 ? `\n## Harness failures\n\n${results.failures.map((f) => `- ${f}`).join('\n')}\n` : '');
writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(outDir, `${stamp}.md`), markdown);
// latest.md is the last full run's report (README quotes it); a comparison does not replace it.
if (!options.quick && options.compare === undefined) writeFileSync(join(outDir, 'latest.md'), markdown);
process.stdout.write(`\n${markdown}\n`);
log(`results: ${jsonFile} (and .md${options.quick || options.compare !== undefined ? '' : ', latest.md'})`);

// Quick mode asserts the harness, not the numbers: everything ran, every front end answered,
// no request failed. A full run fails only when the harness itself failed.
const smokeProblems = options.quick ? [...results.errors, ...incomplete.map((name) => `${name} was not measured`)] : [];
if (failures.length > 0 || smokeProblems.length > 0) {
  for (const problem of smokeProblems) log(`SMOKE FAILURE: ${problem}`);
  process.exitCode = 1;
}

/** The benchmark's sections (everything but --compare). */
async function sectionsRun() {
  const built = ensureBuilt();
  const postgres = !skipping('postgres') && (await postgresReachable(options.databaseUrl));
  if (!postgres && !skipping('postgres')) results.notes.push(`PostgreSQL at ${redact(options.databaseUrl)} is not reachable: its sections were skipped.`);
  if (options.frontendDb === 'postgres' && !postgres) {
    throw new Error(skipping('postgres') ? '--frontend-db postgres contradicts --skip postgres' : '--frontend-db postgres, but PostgreSQL is not reachable');
  }
  /** @type {('pglite' | 'postgres')[]} */
  const kinds = options.frontendDb === 'pglite' ? ['pglite', ...(postgres ? ['postgres'] : [])] : ['postgres', 'pglite'];
  for (const kind of kinds) {
    await phase(kind, { frontends: kind === options.frontendDb, orders: kind === 'postgres' }, built);
  }
}

/** --compare <ref>: this checkout's gateway against <ref>'s, loaded together. */
async function compareRun() {
  if (!ensureBuilt(['gateway']).gateway) throw new Error('--compare: this checkout\'s gateway is not built');
  const worktree = prepareWorktree(options.compare, workDir, log);
  try {
    const keyDir = join(workDir, 'keys-compare');
    mkdirSync(keyDir, { recursive: true });
    results.compare = await compareBuilds(ctx, { worktree, configs: options.compareConfigs, logDir, keyDir });
  } finally {
    await stopAll();
    removeWorktree(worktree);
  }
}

/**
 * One database kind: the product service, its bare twin, and what runs on top of them.
 * @param {'pglite' | 'postgres'} kind
 */
async function phase(kind, what, built) {
  log(`=== phase: product service on ${kind}`);
  const newDb = (label) => (kind === 'pglite' ? pgliteDatabase(label) : postgresDatabase(options.databaseUrl, label));
  const sink = await startBenchServer('otlp-sink', 'otlp-sink.mjs', {}, { core: LOAD_CORE });
  const otlpEndpoint = `http://127.0.0.1:${sink.port}`;
  const productLog = join(logDir, `product-service-${kind}.log`);
  const grpcWanted = !skipping('grpc');
  const productDb = await newDb('product');

  const startProduct = async (nodeArgs = [], variant = { name: 'product-service', env: {} }) => {
    if (!built['product-service']) {
      const service = await startBenchServer('product-service (stand-in)', 'bare-product.mjs', { ...databaseEnv(productDb), STANDALONE: '1' });
      await waitForProductService(service);
      return service;
    }
    const port = await freePort();
    const service = await startApp('product-service', {
      name: variant.name,
      port,
      // As shipped: info logs (to a file), tracing exported to the local receiver.
      env: {
        GRPC_PORT: String(port),
        METRICS_PORT: String(await freePort()),
        ...databaseEnv(productDb),
        LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
        ...variant.env,
      },
      stdoutFile: productLog,
      nodeArgs,
    });
    await waitForProductService(service);
    return service;
  };

  let product = await startProduct();
  log(`seeding ${options.seedProducts} products through CreateProduct`);
  const ids = await seedProducts(product, options.seedProducts);
  let bare;
  // On PostgreSQL a second instance with tracing and call logs off prices the telemetry (PGlite
  // has one owner per data directory, so only the shipped instance runs there).
  let quiet;
  if (grpcWanted && built['product-service'] && kind === 'postgres') quiet = await startProduct([], PRODUCT_TELEMETRY_OFF);
  if (grpcWanted && built['product-service']) {
    let bareDb = productDb;
    if (kind === 'pglite') {
      // PGlite is in-process: the bare server gets a copy of the seeded data directory.
      await stop(product.managed);
      bareDb = copyPglite(productDb, 'bare');
      product = await startProduct();
    }
    bare = await startBenchServer('bare grpc-js', 'bare-product.mjs', databaseEnv(bareDb));
    await waitForProductService(bare);
  } else if (grpcWanted) {
    results.notes.push(`product-service is not built: a bare grpc-js stand-in served the front ends on ${kind}; the product service comparison was skipped.`);
  }

  let user;
  let order;
  const keyDir = join(workDir, `keys-${kind}`);
  mkdirSync(keyDir, { recursive: true });
  const wantOrders = what.orders && !skipping('orders');
  const needUser = (what.frontends && built.gateway) || wantOrders;
  if (needUser && built['user-service']) {
    // The user service creates the dev key pair the gateway verifies tokens with.
    const port = await freePort();
    user = await startApp('user-service', {
      port,
      env: { GRPC_PORT: String(port), METRICS_PORT: String(await freePort()), JWT_KEY_DIR: keyDir, ...databaseEnv(await newDb('user')), OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint },
    });
  }
  const userTarget = user ? `127.0.0.1:${user.port}` : `127.0.0.1:${await freePort()}`;
  const productTarget = `127.0.0.1:${product.port}`;
  if (wantOrders && built['order-service'] && user) {
    const port = await freePort();
    order = await startApp('order-service', {
      port,
      env: {
        GRPC_PORT: String(port),
        METRICS_PORT: String(await freePort()),
        USER_SERVICE_TARGET: userTarget,
        PRODUCT_SERVICE_TARGET: productTarget,
        ...databaseEnv(await newDb('order')),
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
      },
    });
  }
  const orderTarget = order ? `127.0.0.1:${order.port}` : `127.0.0.1:${await freePort()}`;
  const frontendContext = { productTarget, userTarget, orderTarget, keyDir, otlpEndpoint, logDir };

  if (what.frontends && !skipping('frontends')) {
    await frontendsSection(kind, frontendContext, product, ids, built, { product: product.port, user: Number(userTarget.split(':')[1]), order: Number(orderTarget.split(':')[1]) });
  }

  if (bare) {
    log(`--- product service alone vs bare grpc-js (${kind})`);
    results.productGrpc ??= {};
    results.productGrpc[kind] = await productGrpc(ctx, {
      servers: [
        { name: 'product-service', service: product },
        ...(quiet ? [{ name: PRODUCT_TELEMETRY_OFF.name, service: quiet }] : []),
        { name: 'bare grpc-js', service: bare },
      ],
      ids,
    });
    results.productGrpc[kind].bareTable = bare.info?.table;
    if (quiet) await stop(quiet.managed);

  }

  if (wantOrders) {
    if (!built.gateway || !order || !user) {
      results.notes.push('POST /v1/orders was skipped: gateway, user-service and order-service must all be built.');
    } else {
      log('--- POST /v1/orders end to end (PostgreSQL)');
      const gateway = await startGateway(frontendContext, { name: 'orders-gateway', env: roursEnv(frontendContext), requestLog: true });
      results.orders = await ordersEndToEnd(ctx, {
        gateway,
        pids: { gateway: gateway.pid, order: order.pid, product: product.pid, user: user.pid },
      });
    }
  }

  if (bare && options.cpuProf && !results.profiles?.['product-service']) {
    log(`--- profiling the product service under gRPC load (${kind}, node --cpu-prof)`);
    // PGlite has one owner at a time: the measured instance makes way for the profiled one.
    await stop(product.managed);
    const { productV1 } = contracts();
    results.profiles ??= {};
    results.profiles['product-service'] = await profileUnderLoad(ctx, {
      name: 'product-service',
      start: (nodeArgs) => startProduct(nodeArgs),
      load: (service, durationS) =>
        grpcLoad({
          target: `127.0.0.1:${service.port}`,
          path: `/${productV1.ProductServiceDefinition.fullName}/GetProduct`,
          requests: ids.map((id) => Buffer.from(productV1.GetProductRequest.encode({ id }).finish())),
          concurrency: options.connections,
          durationS,
        }),
    });
  }

  results.otlp ??= {};
  results.otlp[kind] = await fetch(`${otlpEndpoint}/stats`).then((r) => r.json());
  await stopAll();
}

async function frontendsSection(kind, frontendContext, product, ids, built, backendPorts) {
  const productId = ids[0];
  const offered = offeredFrontends(options.ladder);
  const wanted = offered.filter((frontend) => !frontend.needsGateway || built.gateway);
  for (const frontend of offered) {
    if (!wanted.includes(frontend)) results.notes.push(`${frontend.name} was not measured: the gateway is not built.`);
  }
  log(`--- front ends: ${wanted.map((f) => f.name).join(', ')}`);
  // Rours gets an OTLP receiver of its own, so its exports are counted apart from the services'.
  const roursSink = wanted.some((f) => f.name === 'Rours') ? await startBenchServer('otlp-sink (Rours)', 'otlp-sink.mjs', {}, { core: LOAD_CORE }) : undefined;
  const running = [];
  for (const frontend of wanted) {
    const context = frontend.name === 'Rours' && roursSink ? { ...frontendContext, otlpEndpoint: `http://127.0.0.1:${roursSink.port}` } : frontendContext;
    const service = await frontend.start(context);
    // R0 answers its fixed product; every other front end must return the seeded one.
    await waitForHttp(`http://127.0.0.1:${service.port}/v1/products/${productId}`, frontend.name === 'R0' ? '"sku"' : productId, service.managed);
    running.push({ name: frontend.name, service });
  }
  const maximum = await maxThroughput(ctx, { frontends: running, productPid: product.pid, productId });
  results.frontends = {
    database: kind,
    ...maximum,
    descriptions: Object.fromEntries(wanted.map((f) => [f.name, f.description])),
    adapters: { Rref: running.find((f) => f.name === 'Rref')?.service.info?.adapter },
    gatewayEnv: { Rours0: ROURS0_ENV, Rours: roursEnv({ otlpEndpoint: 'http://127.0.0.1:<sink>' }) },
  };
  if (results.frontends.adapters.Rref && results.frontends.adapters.Rref !== 'express') {
    results.notes.push(`Rref ran on ${results.frontends.adapters.Rref}; install @nestjs/platform-express for the reference as specified.`);
  }
  const roursService = running.find((f) => f.name === 'Rours')?.service;
  if (roursService) {
    // Evidence that Rours ran as shipped: it logged requests, serves metrics, exported spans.
    const requests = maximum.runs.Rours.reduce((sum, run) => sum + run.requests, 0);
    const logLines = jsonLines(join(logDir, 'rours-requests.log'));
    const metrics = await fetch(`http://127.0.0.1:${roursService.port}/metrics`).then((r) => r.status, () => 0);
    // The batch span processor exports every 5 s; give it one period after the last round.
    await new Promise((resolve) => setTimeout(resolve, options.quick ? 5_500 : 0));
    const otlp = await fetch(`http://127.0.0.1:${roursSink.port}/stats`).then((r) => r.json());
    results.frontends.rours = { requestsServed: requests, requestLogJsonLines: logLines, metricsStatus: metrics, otlp };
    if (metrics !== 200) results.notes.push(`Rours: GET /metrics answered ${metrics}, so "metrics on" could not be confirmed.`);
    if (logLines < requests) results.notes.push(`Rours wrote ${logLines} JSON log lines for ${requests} requests served: request logging is not (fully) on at LOG_LEVEL=info.`);
    if (otlp.requests === 0) results.notes.push('Rours sent no OTLP export to its receiver: tracing did not export spans.');
  }

  const rmin = maximum.median.Rmin;
  if (!skipping('latency') && rmin) {
    const rate = Math.max(1, Math.round(rmin.rps / 2));
    log(`--- latency at ${rate} req/s (50% of Rmin's maximum)`);
    const targets = running.filter((f) => ['Rmin', 'Rours0', 'Rours'].includes(f.name));
    results.latency = await latencyAtRate(ctx, { frontends: targets, productPid: product.pid, productId, rate });
  }

  // Only the gateway under test stays up for the soak and the profile.
  for (const frontend of running) if (frontend.name !== 'Rours') await stop(frontend.service.managed);

  if (!skipping('soak') && roursService) {
    const rate = Math.max(1, Math.round(maximum.median.Rours.rps / 2));
    log(`--- soak: Rours at ${rate} req/s for ${options.soakS} s`);
    results.soak = await soak(ctx, { gateway: roursService, backends: backendPorts, productId, rate });
  }
  if (roursService) await stop(roursService.managed);

  if (options.cpuProf && built.gateway) {
    for (const name of PROFILED_FRONTENDS) {
      log(`--- profiling ${name} under load (node --cpu-prof)`);
      const frontend = FRONTENDS.find((f) => f.name === name);
      const context = name === 'Rours' && roursSink ? { ...frontendContext, otlpEndpoint: `http://127.0.0.1:${roursSink.port}` } : frontendContext;
      results.profiles ??= {};
      results.profiles[name] = await profileUnderLoad(ctx, {
        name,
        start: async (nodeArgs) => {
          const service = await frontend.start(context, { name: `${name}-profiled`, nodeArgs });
          await waitForHttp(`http://127.0.0.1:${service.port}/v1/products/${productId}`, productId, service.managed);
          return service;
        },
        load: (service, durationS) =>
          httpMax({ url: `http://127.0.0.1:${service.port}/v1/products/${productId}`, connections: options.connections, durationS, tool: ctx.tool }),
      });
    }
  }
}

/** Builds the missing ones of `apps`, all four unless told (nx caches, so this is quick when nothing changed); returns what is built. */
function ensureBuilt(apps = APPS) {
  if (options.standIns) {
    results.notes.push('--stand-ins: the apps were ignored; a bare grpc-js stand-in served the products (harness self-test).');
    return Object.fromEntries(apps.map((app) => [app, false]));
  }
  const missing = apps.filter((app) => !isBuilt(app));
  if (missing.length > 0 && options.build) {
    log(`building ${missing.join(', ')} (npx nx build)`);
    const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...missing, 'contracts', '--output-style=stream'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    if (result.status !== 0) log(`build of ${missing.join(', ')} failed (exit ${result.status})`);
  }
  const built = Object.fromEntries(apps.map((app) => [app, isBuilt(app)]));
  const stillMissing = apps.filter((app) => !built[app]);
  if (stillMissing.length > 0) {
    const message = `not built: ${stillMissing.join(', ')}`;
    if (!options.allowMissing) throw new Error(`${message} (build them, or pass --allow-missing to run what can run)`);
    results.notes.push(`${message}; stand-ins were used or sections skipped (--allow-missing).`);
  }
  return built;
}

function missingFrontends(res) {
  const measured = Object.keys(res.frontends?.median ?? {});
  return skipping('frontends') ? [] : offeredFrontends(options.ladder).map((f) => f.name).filter((name) => !measured.includes(name));
}

/** JSON lines (pino records) in a log file. */
function jsonLines(file) {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{')).length;
  } catch {
    return 0;
  }
}

function redact(url) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
