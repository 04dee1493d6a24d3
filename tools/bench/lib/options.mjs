// Command-line options and the two run plans: full (the numbers, within 15 minutes on two cores)
// and --quick (seconds: proves the harness and every front end work, not the numbers).
import { parseArgs } from 'node:util';
import { COMPARE_CONFIGS } from '../scenarios/compare.mjs';

export const SECTIONS = ['frontends', 'latency', 'grpc', 'postgres', 'orders', 'soak'];

/** The gateway configurations --compare can load. */
const COMPARE_CONFIG_NAMES = Object.keys(COMPARE_CONFIGS);

const USAGE = `Usage: npm run bench -- [options]
  --quick                 smoke mode: 1 s runs, 1 round, 3 s soak, 4 connections; fails on any error
  --out <dir>             where results go (default: bench-results/, quick: a temp dir)
  --tool <wrk|node>       closed-loop HTTP load tool (default: wrk when installed)
  --connections <n>       HTTP connections / gRPC calls in flight (default 32, quick: 4)
  --duration <s>          seconds per measured round (default 8)
  --warmup <s>            seconds of warm-up per target (default 5)
  --rounds <n>            interleaved rounds, median reported (default 3)
  --soak <s>              soak duration (default 300)
  --skip <a,b>            sections to skip: ${SECTIONS.join(', ')}
  --frontend-db <kind>    product service database behind the front ends: pglite|postgres (default pglite)
  --database-url <url>    PostgreSQL server (default: BENCH_DATABASE_URL, TEST_DATABASE_URL or
                          postgres://postgres@127.0.0.1:5432/postgres); a database is created per run
  --cpu-prof              also profile Rmin, Rours0 and Rours under load (node --cpu-prof): hot spots,
                          and our gateway's self time by package beside Rmin's
  --ladder                also measure Rlibs (Rmin + our gRPC client path), Rfastify (that on plain
                          Fastify) and Rnest (that as a bare NestJS controller) between Rmin and
                          Rours0: what each layer adds
  --compare <ref>         instead of the sections: this checkout's gateway against the one built at
                          <ref> (a git worktree), both loaded at the same time against a fixed-answer
                          product service; their CPU per request round by round (default 10 rounds)
  --compare-config <a,b>  the configurations --compare loads, of Rours0, Rours and Rours0-404 (Rours0
                          answering 404: the error path) (default Rours0,Rours)
  --memory-limit <MiB>    with --compare: run each gateway as its tree's image would in a container
                          with this memory limit: in a memory cgroup of that size (needs root or a
                          delegated cgroup), with the node flags of its Dockerfile's CMD
  --allow-missing         run what can run when apps are not built (stand-ins are marked)
  --no-build              do not build missing apps first
  --stand-ins             harness self-test: ignore the built apps (implies --allow-missing)
  --help`;

/** Connections (and gRPC calls in flight) of the smoke run. */
const QUICK_CONNECTIONS = 4;

/** @typedef {ReturnType<typeof parseOptions>} Options */

export function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      tool: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      soak: { type: 'string' },
      skip: { type: 'string', default: '' },
      'frontend-db': { type: 'string', default: 'pglite' },
      'database-url': { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      ladder: { type: 'boolean', default: false },
      'allow-missing': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'stand-ins': { type: 'boolean', default: false },
      compare: { type: 'string' },
      'compare-config': { type: 'string', default: 'Rours0,Rours' },
      'memory-limit': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const quick = values.quick;
  const number = (name, fallback) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${raw}`);
    return value;
  };
  const skip = new Set(values.skip.split(',').filter(Boolean));
  for (const section of skip) if (!SECTIONS.includes(section)) throw new Error(`--skip: unknown section ${section}\n${USAGE}`);
  if (!['pglite', 'postgres'].includes(values['frontend-db'])) throw new Error(`--frontend-db must be pglite or postgres`);
  if (values.tool !== undefined && !['wrk', 'node'].includes(values.tool)) throw new Error('--tool must be wrk or node');
  const compare = values.compare;
  if (compare !== undefined && (compare === '' || compare.startsWith('-'))) throw new Error(`--compare needs a git ref (a branch, tag or commit), got ${compare}`);
  const compareConfigs = values['compare-config'].split(',').filter(Boolean);
  const unknownConfig = compareConfigs.find((config) => !COMPARE_CONFIG_NAMES.includes(config));
  if (unknownConfig !== undefined || compareConfigs.length === 0) throw new Error(`--compare-config takes a list of ${COMPARE_CONFIG_NAMES.join(', ')}`);
  if (compare === undefined && values['memory-limit'] !== undefined) throw new Error('--memory-limit applies to --compare only');
  if (compare !== undefined && (skip.size > 0 || values.ladder || values['cpu-prof'])) {
    throw new Error('--compare runs only the comparison: --skip, --ladder and --cpu-prof do not apply to it');
  }
  return {
    quick,
    out: values.out,
    tool: values.tool,
    // The smoke run loads cold processes: with 32 connections a request can take a second there
    // (POST /v1/orders: p50 924 ms), so a 1 s round could finish none; with 4, p50 is ~20-160 ms.
    connections: number('connections', quick ? QUICK_CONNECTIONS : 32),
    durationS: number('duration', quick ? 1 : 8),
    warmupS: number('warmup', quick ? 1 : 5),
    // A comparison reads a sign over rounds: it needs more of them than a median does.
    rounds: number('rounds', compare === undefined ? (quick ? 1 : 3) : quick ? 2 : 10),
    soakS: number('soak', quick ? 3 : 300),
    soakSampleS: quick ? 0.5 : 10,
    seedProducts: quick ? 8 : 100,
    skip,
    frontendDb: values['frontend-db'],
    databaseUrl:
      values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    cpuProf: values['cpu-prof'],
    ladder: values.ladder,
    allowMissing: values['allow-missing'] || values['stand-ins'],
    standIns: values['stand-ins'],
    build: !values['no-build'],
    compare,
    compareConfigs,
    memoryLimitMiB: values['memory-limit'] === undefined ? undefined : number('memory-limit', undefined),
  };
}
