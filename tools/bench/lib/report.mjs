// The targets of the performance issue, checked against a run's results, and the Markdown report.
import { compareCommand, compareLines } from './compare-report.mjs';
import { round } from './measure.mjs';

/**
 * @typedef {{ name: string, value: number | undefined, goal: string, pass: boolean | null, note?: string }} Target
 */

/**
 * The ratio `a / b` round by round (rounds are interleaved, so round i of each ran minutes apart
 * at most), and a warning when the rounds disagree about the goal: on a machine whose speed
 * swings, a verdict on medians can be the noise's. Undefined with fewer than two rounds.
 */
export function roundsNote(runs, a, b, goal) {
  const ra = runs?.[a];
  const rb = runs?.[b];
  if (!ra || !rb || ra.length < 2 || ra.length !== rb.length) return undefined;
  const perRound = ra.map((run, i) => (rb[i].rps > 0 ? round(run.rps / rb[i].rps, 3) : undefined)).filter((r) => r !== undefined);
  if (perRound.length < 2) return undefined;
  const meeting = perRound.filter((r) => r >= goal).length;
  const disagree = meeting > 0 && meeting < perRound.length;
  return `rounds ${perRound.join(', ')}${disagree ? `: ${meeting} of ${perRound.length} meet the goal, within this run's noise` : ''}`;
}

/** @returns {Target[]} */
export function evaluateTargets(results) {
  const fe = results.frontends?.median ?? {};
  const ratio = (a, b) => (fe[a] && fe[b] && fe[b].rps > 0 ? round(fe[a].rps / fe[b].rps, 3) : undefined);
  const atLeast = (value, goal) => (value === undefined ? null : value >= goal);
  const targets = [];
  const adapter = results.frontends?.adapters?.Rref;
  const throughputTargets = [
    ['Rours', 'Rmin', 0.85],
    ['Rours0', 'Rmin', 0.9],
    ['Rours', 'Rref', 1.2, adapter && adapter !== 'express' ? `Rref ran on ${adapter}` : undefined],
    ['Rours', 'Rours0', 0.8],
  ];
  for (const [a, b, goal, note] of throughputTargets) {
    const value = ratio(a, b);
    const notes = [note, roundsNote(results.frontends?.runs, a, b, goal)].filter((n) => n !== undefined);
    targets.push({ name: `${a} / ${b} (req/s)`, value, goal: `>= ${goal}`, pass: atLeast(value, goal), note: notes.length > 0 ? notes.join('; ') : undefined });
  }

  const half = results.latency?.median ?? {};
  if (half.Rmin && half.Rours) {
    const value = half.Rmin.p99Ms > 0 ? round(half.Rours.p99Ms / half.Rmin.p99Ms, 3) : undefined;
    const errors = half.Rmin.errors + half.Rours.errors;
    targets.push({
      name: `p99 at 50% of Rmin's max (${results.latency.rate} req/s): Rours / Rmin`,
      value,
      goal: '<= 1.2, zero errors',
      pass: value === undefined ? null : value <= 1.2 && errors === 0,
      note: `Rours p99 ${half.Rours.p99Ms} ms vs Rmin ${half.Rmin.p99Ms} ms; errors ${errors}`,
    });
  } else targets.push({ name: "p99 at 50% of Rmin's max: Rours / Rmin", value: undefined, goal: '<= 1.2, zero errors', pass: null });

  const soak = results.soak;
  targets.push({
    name: 'soak RSS growth (%)',
    value: soak?.rssGrowthPercent,
    goal: '< 10',
    pass: soak ? soak.rssGrowthPercent < 10 : null,
    note: soak
      ? `${soak.rssStartMiB} -> ${soak.rssEndMiB} MiB from ${soak.settleS} s to ${soak.durationS} s at ${soak.rate} req/s (${soak.rssFirstMiB} MiB at 0 s: ${soak.rssGrowthFromFirstPercent}%), ${soak.load.errors} errors`
      : undefined,
  });
  const sockets = soak?.maxSocketsPerBackend;
  targets.push({
    name: 'soak channels per backend (max TCP connections seen)',
    value: sockets ? Math.max(...Object.values(sockets)) : undefined,
    goal: '1 per backend',
    pass: sockets ? Object.values(sockets).every((n) => n <= 1) && sockets.product === 1 : null,
    note: sockets ? Object.entries(sockets).map(([name, n]) => `${name} ${n}`).join(', ') : undefined,
  });

  for (const kind of ['pglite', 'postgres']) {
    const grpc = results.productGrpc?.[kind]?.median;
    const overBare = (name) => (grpc?.[name] && grpc?.['bare grpc-js']?.rps > 0 ? round(grpc[name].rps / grpc['bare grpc-js'].rps, 3) : undefined);
    const value = overBare('product-service');
    const quiet = overBare('product-service (telemetry off)');
    targets.push({
      name: `product service / bare grpc-js, GetProduct on ${kind} (req/s)`,
      value,
      goal: '>= 0.85',
      pass: atLeast(value, 0.85),
      note: quiet === undefined ? undefined : `with tracing and call logs off (not a target, the price of telemetry): ${quiet}`,
    });
  }
  return targets;
}

/**
 * What the shared core means for the req/s ratios, from the same run: every answered request
 * costs core 0 the front end's CPU (F) plus the product service's (B), so req/s ~ 1e6 / (F + B).
 * Returns B as measured behind Rmin, the front ends' own cost ratios (the targets applied to F
 * alone, as if each front end had the core to itself), and the highest Rours / Rref the shared
 * core allows even if Rours cost no more than Rmin: (F_ref + B) / (F_min + B).
 */
export function sharedCoreAnalysis(results) {
  const fe = results.frontends?.median ?? {};
  const cost = (name) => fe[name]?.cpuUsPerRequest?.frontend;
  const { Rmin, Rref } = fe;
  if (!Rmin || !Rref || cost('Rmin') === undefined || cost('Rref') === undefined || !(Rmin.rps > 0)) return undefined;
  const productUsPerRequest = Math.round((Rmin.serverCpuPercent.product / 100) * (1e6 / Rmin.rps));
  const costRatio = (a, b) => (cost(a) > 0 && cost(b) > 0 ? round(cost(b) / cost(a), 3) : undefined);
  return {
    productUsPerRequest,
    frontendCostRatios: {
      'Rours / Rmin': costRatio('Rours', 'Rmin'),
      'Rours0 / Rmin': costRatio('Rours0', 'Rmin'),
      'Rours / Rref': costRatio('Rours', 'Rref'),
      'Rours / Rours0': costRatio('Rours', 'Rours0'),
    },
    roursOverRrefCeiling: round((cost('Rref') + productUsPerRequest) / (cost('Rmin') + productUsPerRequest), 3),
  };
}

/** Front ends `--cpu-prof` profiles, the floor first: the report sets the others beside it. */
export const PROFILED_FRONTENDS = ['Rmin', 'Rours0', 'Rours'];

/**
 * The front ends' profiles side by side: self time per answered request by package, one column
 * per profile in the order given, the first being the baseline (Rmin). Rows are sorted by how
 * much more the last profile spends than the baseline; a package with no sample in a profile
 * is `undefined` there.
 * @param {{ name: string, error?: string, packages?: { name: string, usPerRequest: number }[] }[]} profiles
 * @returns {{ columns: string[], rows: { name: string, usPerRequest: (number | undefined)[], overBaseline: number }[] } | undefined}
 */
export function profilesSideBySide(profiles) {
  const usable = profiles.filter((p) => !p.error && p.packages);
  if (usable.length < 2) return undefined;
  const maps = usable.map((p) => new Map(p.packages.map((entry) => [entry.name, entry.usPerRequest])));
  const names = new Set(maps.flatMap((map) => [...map.keys()]));
  const rows = [...names].map((name) => {
    const usPerRequest = maps.map((map) => map.get(name));
    return { name, usPerRequest, overBaseline: (usPerRequest.at(-1) ?? 0) - (usPerRequest[0] ?? 0) };
  });
  rows.sort((a, b) => b.overBaseline - a.overBaseline || a.name.localeCompare(b.name));
  return { columns: usable.map((p) => p.name), rows };
}

/** What each step of the ladder adds, named for the report. */
const LADDER = [
  ['Rmin', 'Rlibs', 'our gRPC client path'],
  ['Rlibs', 'Rfastify', 'Fastify'],
  ['Rfastify', 'Rnest', "NestJS's router"],
  ['Rnest', 'Rours0', "our gateway's hooks, metrics, validation and mapping"],
  ['Rours0', 'Rours', 'tracing and the request log line'],
];

/**
 * With --ladder: the front end CPU each layer adds per request, from Rmin through Rlibs, Rfastify
 * and Rnest to Rours0 and Rours, on the medians of one run. Undefined without the ladder rows.
 * @returns {{ from: string, to: string, layer: string, addedUs: number }[] | undefined}
 */
export function ladderSteps(results) {
  const fe = results.frontends?.median ?? {};
  const cost = (name) => fe[name]?.cpuUsPerRequest?.frontend;
  if (cost('Rlibs') === undefined || cost('Rfastify') === undefined || cost('Rnest') === undefined) return undefined;
  return LADDER.filter(([from, to]) => cost(from) !== undefined && cost(to) !== undefined).map(([from, to, layer]) => ({
    from,
    to,
    layer,
    addedUs: round(cost(to) - cost(from), 0),
  }));
}

/** Every error any measured run reported, by section and target. */
export function errorSummary(results) {
  const found = [];
  const add = (section, name, errors) => {
    if (errors > 0) found.push(`${section} ${name}: ${errors} errors`);
  };
  for (const [name, m] of Object.entries(results.frontends?.median ?? {})) add('frontends', name, m.errors);
  for (const [name, w] of Object.entries(results.frontends?.warmup ?? {})) add('frontends warm-up', name, w.errors);
  for (const [name, m] of Object.entries(results.latency?.median ?? {})) add('latency', name, m.errors);
  for (const [kind, section] of Object.entries(results.productGrpc ?? {})) {
    for (const [name, m] of Object.entries(section.median ?? {})) add(`grpc ${kind}`, name, m.errors);
  }
  if (results.orders) add('orders', 'POST /v1/orders', results.orders.median.errors);
  if (results.soak) add('soak', 'Rours', results.soak.load.errors);
  for (const [config, { rounds }] of Object.entries(results.compare?.configs ?? {})) {
    for (const build of ['this', 'ref']) add('compare', `${config} ${build}`, rounds.reduce((sum, pair) => sum + pair[build].errors, 0));
  }
  return found;
}

/** Warnings about the measurement itself: a saturated load generator, a busy machine. */
export function measurementWarnings(results) {
  const warnings = [];
  const check = (section, runs) => {
    for (const [name, list] of Object.entries(runs ?? {})) {
      for (const [index, run] of list.entries()) {
        if (run.loadCpuPercent >= 90) warnings.push(`${section} ${name} round ${index + 1}: load generator at ${Math.round(run.loadCpuPercent)}% CPU (saturated; the server may be faster than measured)`);
        const ours = Object.values(run.serverCpuPercent ?? {}).reduce((a, b) => a + b, 0) + run.loadCpuPercent;
        const foreign = run.machineBusyPercent - ours;
        if (foreign > 25) warnings.push(`${section} ${name} round ${index + 1}: ~${Math.round(foreign)}% CPU used by other processes (PostgreSQL or other users of the machine)`);
      }
    }
  };
  check('frontends', results.frontends?.runs);
  check('latency', results.latency?.runs);
  for (const [kind, section] of Object.entries(results.productGrpc ?? {})) check(`grpc ${kind}`, section.runs);
  if (results.orders) check('orders', { orders: results.orders.runs });
  return warnings;
}

const fmt = (value, digits = 0) => (value === undefined || value === null ? '–' : Number(value).toFixed(digits));
/** "GC µs per request (mean young-generation pause ms)" of one role, '–' without the GC observer. */
const gcCell = (r, role) => (r.gcUsPerRequest?.[role] === undefined ? '–' : `${fmt(r.gcUsPerRequest[role])} (${fmt(r.youngGcPauseMs[role], 1)})`);

export function toMarkdown(results) {
  const lines = [];
  const m = results.machine;
  lines.push(`# Benchmark ${results.stamp}${results.mode === 'quick' ? ' (quick smoke run: numbers not meaningful)' : ''}`, '');
  lines.push(
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, Linux ${m.kernel}; ${m.pinning}; load average at start ${m.loadAverageAtStart.join(' ')}.`,
    `Run: ${results.settings.connections} connections, ${results.settings.warmupS} s warm-up per target, ${results.settings.rounds} interleaved round(s) of ${results.settings.durationS} s, median reported; closed-loop HTTP load by ${results.settings.httpTool}; took ${Math.round(results.elapsedS)} s.`,
    '',
  );

  const fe = results.frontends;
  if (fe) {
    lines.push(`## GET /v1/products/{id}, maximum throughput (product service on ${fe.database})`, '');
    lines.push('| Front end | req/s | p50 ms | p99 ms | errors | RSS MiB | front end CPU % | front end CPU µs/req | front end GC µs/req (pause ms) | product svc CPU % | load gen CPU % | machine busy % |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, r] of Object.entries(fe.median)) {
      lines.push(
        `| ${name} | ${fmt(r.rps)} | ${fmt(r.p50Ms, 3)} | ${fmt(r.p99Ms, 3)} | ${r.errors} | ${fmt(r.rssMiB.frontend, 1)} | ${fmt(r.serverCpuPercent.frontend)} | ${fmt(r.cpuUsPerRequest.frontend)} | ${gcCell(r, 'frontend')} | ${fmt(r.serverCpuPercent.product)} | ${fmt(r.loadCpuPercent)} | ${fmt(r.machineBusyPercent)} |`,
      );
    }
    lines.push(
      '',
      ...Object.entries(fe.descriptions).map(([name, text]) => `- ${name}: ${text}`),
      '',
      'The front ends share core 0 with the product service, so req/s includes its cost; "CPU µs/req" is each front end\'s own cost per answered request, "GC µs/req" the part of it spent in garbage-collection pauses (in brackets: the mean pause of a young-generation collection).',
      '',
    );
    const steps = ladderSteps(results);
    if (steps) {
      lines.push(
        `Ladder, front end CPU µs per request each layer adds: ${steps.map((s) => `${s.to} - ${s.from} ${s.addedUs >= 0 ? '+' : ''}${s.addedUs} (${s.layer})`).join('; ')}. Differences of medians of one run: read a few µs as noise.`,
        '',
      );
    }
  }
  const lat = results.latency;
  if (lat) {
    lines.push(`## Latency at a fixed ${lat.rate} req/s (50% of Rmin's maximum), open loop`, '');
    lines.push('| Front end | req/s | p50 ms | p90 ms | p99 ms | errors | front end CPU % |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const [name, r] of Object.entries(lat.median)) {
      lines.push(`| ${name} | ${fmt(r.rps)} | ${fmt(r.p50Ms, 3)} | ${fmt(r.p90Ms, 3)} | ${fmt(r.p99Ms, 3)} | ${r.errors} | ${fmt(r.serverCpuPercent.frontend)} |`);
    }
    lines.push('');
  }
  if (results.productGrpc) {
    lines.push(`## Product service alone: gRPC GetProduct, ${results.settings.connections} calls in flight (grpc-js driver)`, '');
    lines.push('| Database | Server | req/s | p50 ms | p99 ms | errors | RSS MiB | server CPU % | server CPU µs/req | server GC µs/req (pause ms) | load gen CPU % | machine busy % |');
    lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [kind, section] of Object.entries(results.productGrpc)) {
      for (const [name, r] of Object.entries(section.median)) {
        lines.push(
          `| ${kind} | ${name} | ${fmt(r.rps)} | ${fmt(r.p50Ms, 3)} | ${fmt(r.p99Ms, 3)} | ${r.errors} | ${fmt(r.rssMiB.server, 1)} | ${fmt(r.serverCpuPercent.server)} | ${fmt(r.cpuUsPerRequest.server)} | ${gcCell(r, 'server')} | ${fmt(r.loadCpuPercent)} | ${fmt(r.machineBusyPercent)} |`,
        );
      }
    }
    lines.push('');
  }
  const orders = results.orders;
  if (orders) {
    const r = orders.median;
    lines.push(`## POST /v1/orders end to end (PostgreSQL, whole system, ${orders.connections} connections)`, '');
    lines.push('| req/s | p50 ms | p99 ms | errors | gateway CPU % | order CPU % | product CPU % | user CPU % | machine busy % |');
    lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const cpu = r.serverCpuPercent;
    lines.push(`| ${fmt(r.rps)} | ${fmt(r.p50Ms, 3)} | ${fmt(r.p99Ms, 3)} | ${r.errors} | ${fmt(cpu.gateway)} | ${fmt(cpu.order)} | ${fmt(cpu.product)} | ${fmt(cpu.user)} | ${fmt(r.machineBusyPercent)} |`, '');
  }
  const soak = results.soak;
  if (soak) {
    lines.push(`## Soak: Rours at ${soak.rate} req/s for ${soak.durationS} s`, '');
    lines.push(
      `Served ${soak.load.rps} req/s, p99 ${fmt(soak.load.latencyMs.p99, 3)} ms, ${soak.load.errors} errors; gateway CPU ${soak.gatewayCpuPercent}%. RSS ${soak.rssFirstMiB} MiB at 0 s, ${soak.rssStartMiB} MiB at ${soak.settleS} s (the heap settled at this load) -> ${soak.rssEndMiB} MiB at the end (${soak.rssGrowthPercent}% after settling, ${soak.rssGrowthFromFirstPercent}% from 0 s). Max TCP connections to each backend: ${Object.entries(soak.maxSocketsPerBackend).map(([k, v]) => `${k} ${v}`).join(', ')}; channel gauge: ${soak.channelGauge}.`,
      '',
    );
  }
  for (const [kind, stats] of Object.entries(results.otlp ?? {})) {
    lines.push(`OTLP receiver of the services (${kind} phase): ${stats.requests} export requests, ${Math.round(stats.bytes / 1024)} KiB (${Object.entries(stats.byPath).map(([path, n]) => `${path} ${n}`).join(', ') || 'none'}).`);
  }
  const rours = results.frontends?.rours;
  if (rours) {
    lines.push(
      `Rours as shipped, checked: ${rours.requestLogJsonLines} JSON log lines for ${rours.requestsServed} requests; GET /metrics ${rours.metricsStatus}; ${rours.otlp.requests} OTLP exports (${Math.round(rours.otlp.bytes / 1024)} KiB) to its own receiver.`,
    );
  }
  lines.push('');
  if (results.compare) lines.push(...compareLines(results.compare));
  // A --compare run measures no target.
  if (results.targets.some((t) => t.pass !== null)) {
    lines.push('## Targets', '', '| Target | Value | Goal | Result |', '|---|---:|---|---|');
    for (const t of results.targets) {
      const result = t.pass === null ? 'not measured' : t.pass ? 'met' : '**missed**';
      lines.push(`| ${t.name} | ${t.value === undefined ? '–' : t.value} | ${t.goal} | ${result}${t.note ? ` (${t.note})` : ''} |`);
    }
    lines.push('');
  }
  const shared = results.sharedCore;
  if (shared) {
    lines.push(
      `Shared core: each answered GET costs core 0 the front end's CPU (F, "front end CPU µs/req") plus the product service's (B = ${shared.productUsPerRequest} µs, measured behind Rmin), so req/s ~ 1e6 / (F + B). ` +
        `Even a gateway costing exactly what Rmin costs would reach Rours / Rref = (F_ref + B) / (F_min + B) = ${shared.roursOverRrefCeiling} here. ` +
        `The same ratios on the front ends' own CPU per request (higher is better for ours, as if each had the core to itself): ${Object.entries(shared.frontendCostRatios)
          .map(([name, value]) => `${name} ${value ?? '–'}`)
          .join(', ')}.`,
      '',
    );
  }
  const frontendProfiles = PROFILED_FRONTENDS.map((name) => results.profiles?.[name]).filter((p) => p !== undefined);
  const sideBySide = profilesSideBySide(frontendProfiles);
  if (sideBySide) {
    const [baseline, ...others] = sideBySide.columns;
    lines.push(
      `## Where our gateway spends more than ${baseline} (self time µs per request by package, profiles below)`,
      '',
      `| Package | ${sideBySide.columns.join(' | ')} | ${others.at(-1)} - ${baseline} |`,
      `|---|${sideBySide.columns.map(() => '---:|').join('')}---:|`,
      ...sideBySide.rows
        .filter((row) => row.usPerRequest.some((us) => (us ?? 0) >= 2))
        .map((row) => `| ${row.name} | ${row.usPerRequest.map((us) => us ?? '–').join(' | ')} | ${row.overBaseline} |`),
      '',
      '"–": no sample in that package. Sampled self time of three processes profiled one after another: read differences of a few µs as noise.',
      '',
    );
  }
  for (const profile of Object.values(results.profiles ?? {})) {
    if (profile.error) {
      lines.push(`Profile of ${profile.name}: ${profile.error}`, '');
      continue;
    }
    lines.push(
      `## Hot spots: ${profile.name} under load (node --cpu-prof, self time over the loaded ${results.settings.durationS * 2} s only, ${profile.rpsWhileProfiled} req/s while profiled, ${profile.busyUsPerRequest} µs CPU per request)`,
      '',
    );
    lines.push('| Package | self ms | % of busy | µs/req |', '|---|---:|---:|---:|');
    for (const p of profile.packages.slice(0, 15)) lines.push(`| ${p.name} | ${p.selfMs} | ${p.percent} | ${p.usPerRequest} |`);
    lines.push('', '| Function | self ms | % of busy | µs/req |', '|---|---:|---:|---:|');
    for (const f of profile.functions.slice(0, 20)) lines.push(`| \`${f.name}\` | ${f.selfMs} | ${f.percent} | ${f.usPerRequest} |`);
    lines.push('', `Profile: ${profile.file} (open in Chrome DevTools or \`node tools/bench/lib/profile.mjs <file>\`)`, '');
  }
  if (results.errors.length > 0) lines.push('## Errors', '', ...results.errors.map((e) => `- ${e}`), '');
  if (results.notes.length > 0 || results.warnings.length > 0) {
    lines.push('## Notes', '', ...results.notes.map((n) => `- ${n}`), ...results.warnings.map((w) => `- ${w}`), '');
  }
  lines.push(
    results.compare
      ? `Reproduce: \`${compareCommand(results.compare)}\`. See tools/bench/README.md, "Pricing a change".`
      : 'Reproduce: `npm run bench` (full, about 13 minutes on 2 cores) or `npm run bench -- --quick` (smoke). See tools/bench/README.md.',
    '',
  );
  return lines.join('\n');
}
