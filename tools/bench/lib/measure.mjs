// One measured load run (with the CPU and memory of the processes under test), and interleaved
// rounds over several targets with the median of each figure.
import { performance } from 'node:perf_hooks';
import { machineBusySeconds } from './machine.mjs';
import { cpuSeconds, gcTotals, rssMiB } from './processes.mjs';

/**
 * Runs `load` while watching `processes` (the servers under test, by role).
 * @param {Record<string, number>} processes role -> pid
 * @param {() => Promise<import('./load.mjs').LoadResult>} load
 */
export async function measured(processes, load) {
  const before = Object.fromEntries(Object.entries(processes).map(([role, pid]) => [role, cpuSeconds(pid)]));
  const gcBefore = Object.fromEntries(Object.entries(processes).map(([role, pid]) => [role, gcTotals(pid)]));
  const busyBefore = machineBusySeconds();
  const started = performance.now();
  const result = await load();
  const elapsedS = (performance.now() - started) / 1000;
  const used = Object.fromEntries(Object.entries(processes).map(([role, pid]) => [role, cpuSeconds(pid) - before[role]]));
  const percent = (seconds) => round((seconds / elapsedS) * 100, 1);
  return {
    ...result,
    serverCpuPercent: Object.fromEntries(Object.entries(used).map(([role, seconds]) => [role, percent(seconds)])),
    // CPU time per answered request: the cost of each process whatever the bottleneck was.
    cpuUsPerRequest: Object.fromEntries(Object.entries(used).map(([role, seconds]) => [role, result.requests > 0 ? round((seconds * 1e6) / result.requests, 1) : 0])),
    rssMiB: Object.fromEntries(Object.entries(processes).map(([role, pid]) => [role, round(rssMiB(pid), 1)])),
    // Garbage collection per answered request (pause time, all kinds) and the mean pause of the
    // young-generation collections, for the processes that run the GC observer.
    ...gcFigures(processes, gcBefore, result.requests),
    // Both cores together, 0-200 %: what else ran beside us shows here.
    machineBusyPercent: percent(machineBusySeconds() - busyBefore),
  };
}

/** GC pause per request and mean young-generation pause of each role, from totals before and after a run. */
function gcFigures(processes, before, requests) {
  const gcUsPerRequest = {};
  const youngGcPauseMs = {};
  for (const [role, pid] of Object.entries(processes)) {
    const after = gcTotals(pid);
    if (before[role] === undefined || after === undefined) continue;
    const young = { count: after.young.count - before[role].young.count, ms: after.young.ms - before[role].young.ms };
    const ms = young.ms + after.other.ms - before[role].other.ms;
    gcUsPerRequest[role] = requests > 0 ? round((ms * 1000) / requests, 1) : 0;
    youngGcPauseMs[role] = young.count > 0 ? round(young.ms / young.count, 2) : 0;
  }
  return Object.keys(gcUsPerRequest).length === 0 ? {} : { gcUsPerRequest, youngGcPauseMs };
}

/**
 * `rounds` rounds over `targets` in the same order each round (A, B, C, A, B, C, ...), so slow
 * drifts of the machine hit every target alike. Returns every round and the medians.
 * @template T
 * @param {T[]} targets
 * @param {number} rounds
 * @param {(target: T, round: number) => Promise<Record<string, unknown>>} runOne
 * @param {(target: T) => string} nameOf
 */
export async function interleaved(targets, rounds, runOne, nameOf, log) {
  const runs = Object.fromEntries(targets.map((target) => [nameOf(target), []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const target of targets) {
      const result = await runOne(target, round);
      runs[nameOf(target)].push(result);
      log?.(`  round ${round + 1}/${rounds} ${nameOf(target)}: ${summaryLine(result)}`);
    }
  }
  return { runs, median: Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, medianOf(list)])) };
}

/** Medians of a run list: req/s and latencies by median, errors summed, RSS by maximum. */
export function medianOf(list) {
  const pick = (fn) => median(list.map(fn));
  const roles = Object.keys(list[0]?.serverCpuPercent ?? {});
  return {
    rps: round(pick((r) => r.rps), 0),
    p50Ms: round(pick((r) => r.latencyMs.p50), 3),
    p90Ms: round(pick((r) => r.latencyMs.p90), 3),
    p99Ms: round(pick((r) => r.latencyMs.p99), 3),
    errors: list.reduce((sum, r) => sum + r.errors, 0),
    requests: list.reduce((sum, r) => sum + r.requests, 0),
    rssMiB: Object.fromEntries(roles.map((role) => [role, Math.max(...list.map((r) => r.rssMiB[role]))])),
    serverCpuPercent: Object.fromEntries(roles.map((role) => [role, round(pick((r) => r.serverCpuPercent[role]), 1)])),
    cpuUsPerRequest: Object.fromEntries(roles.map((role) => [role, round(pick((r) => r.cpuUsPerRequest[role]), 1)])),
    ...gcMedians(list),
    loadCpuPercent: round(pick((r) => r.loadCpuPercent), 1),
    machineBusyPercent: round(pick((r) => r.machineBusyPercent), 1),
    tool: list[0]?.tool,
  };
}

/** Medians of the GC figures, for the roles every run measured. */
function gcMedians(list) {
  const roles = Object.keys(list[0]?.gcUsPerRequest ?? {}).filter((role) => list.every((r) => r.gcUsPerRequest?.[role] !== undefined));
  if (roles.length === 0) return {};
  const by = (field, digits) => Object.fromEntries(roles.map((role) => [role, round(median(list.map((r) => r[field][role])), digits)]));
  return { gcUsPerRequest: by('gcUsPerRequest', 1), youngGcPauseMs: by('youngGcPauseMs', 2) };
}

export function median(values) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round(value, digits) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function summaryLine(result) {
  const cpu = Object.entries(result.serverCpuPercent ?? {})
    .map(([role, value]) => `${role} ${value}%`)
    .join(', ');
  return `${Math.round(result.rps)} req/s, p50 ${result.latencyMs.p50.toFixed(3)} ms, p99 ${result.latencyMs.p99.toFixed(3)} ms, errors ${result.errors}, load cpu ${Math.round(result.loadCpuPercent)}%${cpu ? `, server cpu: ${cpu}` : ''}, machine ${Math.round(result.machineBusyPercent ?? 0)}%`;
}
