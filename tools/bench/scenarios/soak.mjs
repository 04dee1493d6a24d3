// Soak: our gateway as shipped under a fixed rate (half of its maximum) for a long while,
// sampling its RSS and its channels to the backends: the `grpc_client_channels` gauge of
// /metrics when the gateway exports one, and always the ESTABLISHED TCP connections of the
// gateway process to each backend port (`ss -tnp`), one per channel.
import { setTimeout as delay } from 'node:timers/promises';
import { httpRate } from '../lib/load.mjs';
import { median, round } from '../lib/measure.mjs';
import { cpuSeconds, establishedTo, rssMiB } from '../lib/processes.mjs';

/**
 * @param {import('../run.mjs').Context} ctx
 * @param {{ gateway: import('../lib/services.mjs').Service, backends: Record<string, number>, productId: string, rate: number }} setup
 */
export async function soak(ctx, { gateway, backends, productId, rate }) {
  const { options } = ctx;
  const samples = [];
  const started = Date.now();
  const cpuStart = cpuSeconds(gateway.pid);
  const running = httpRate({
    url: `http://127.0.0.1:${gateway.port}/v1/products/${productId}`,
    rate,
    connections: options.connections,
    durationS: options.soakS,
  });
  let finished = false;
  running.finally(() => (finished = true)).catch(() => undefined);
  const sample = async () => {
    const ports = Object.values(backends);
    const sockets = establishedTo(gateway.pid, ports);
    samples.push({
      atS: round((Date.now() - started) / 1000, 1),
      rssMiB: round(rssMiB(gateway.pid), 1),
      sockets: Object.fromEntries(Object.entries(backends).map(([name, port]) => [name, sockets[port]])),
      channelGauge: await channelGauge(gateway.port),
    });
  };
  while (!finished) {
    await sample();
    const next = Date.now() + options.soakSampleS * 1000;
    while (!finished && Date.now() < next) await delay(Math.min(100, next - Date.now()));
  }
  await sample();
  const load = await running;
  const elapsedS = (Date.now() - started) / 1000;
  const rss = rssGrowth(samples, settleSeconds(options.soakS));
  const maxSockets = Object.fromEntries(Object.keys(backends).map((name) => [name, Math.max(...samples.map((s) => s.sockets[name]))]));
  const gaugeSeen = samples.some((s) => s.channelGauge !== undefined);
  return {
    rate,
    durationS: options.soakS,
    connections: options.connections,
    load: { rps: round(load.rps, 0), errors: load.errors, requests: load.requests, latencyMs: load.latencyMs, loadCpuPercent: round(load.loadCpuPercent, 1) },
    gatewayCpuPercent: round(((cpuSeconds(gateway.pid) - cpuStart) / elapsedS) * 100, 1),
    ...rss,
    maxSocketsPerBackend: maxSockets,
    channelGauge: gaugeSeen ? 'grpc_client_channels' : 'not exported (sockets counted with ss)',
    samples,
  };
}

/**
 * How long the heap gets to settle at the soak's load before growth counts: a minute of a full
 * run, a fifth of a shorter one. The gateway arrives from maximum-load rounds, often just after
 * a full collection handed memory back; its RSS then climbs to the new load's working set in
 * the first ~40 s and stays flat (seen: 424 -> 487 MiB by 40 s, 486 at 300 s).
 */
export function settleSeconds(soakS) {
  return Math.min(60, soakS / 5);
}

/**
 * RSS growth over a soak: from the first samples taken after `settleS` to the last ones, each
 * end the median of three samples so one GC moment does not decide it; the RSS at the very
 * start is reported beside it.
 * @param {{ atS: number, rssMiB: number }[]} samples in time order
 */
export function rssGrowth(samples, settleS) {
  const settled = samples.filter((s) => s.atS >= settleS);
  const from = settled.length >= 3 ? settled : samples;
  const rssFirst = median(samples.slice(0, 3).map((s) => s.rssMiB));
  const rssStart = median(from.slice(0, 3).map((s) => s.rssMiB));
  const rssEnd = median(samples.slice(-3).map((s) => s.rssMiB));
  return {
    settleS,
    rssFirstMiB: rssFirst,
    rssStartMiB: rssStart,
    rssEndMiB: rssEnd,
    rssGrowthPercent: growthPercent(rssStart, rssEnd),
    rssGrowthFromFirstPercent: growthPercent(rssFirst, rssEnd),
  };
}

function growthPercent(from, to) {
  return from > 0 ? round(((to - from) / from) * 100, 1) : 0;
}

/** Sum of `grpc_client_channels` per label set from the gateway's /metrics, if it has one. */
async function channelGauge(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2_000) });
    if (response.status !== 200) return undefined;
    const text = await response.text();
    const values = {};
    for (const line of text.split('\n')) {
      const match = /^grpc_client_channels(\{[^}]*\})?\s+([0-9.eE+-]+)/.exec(line);
      if (match) values[match[1] ?? ''] = Number(match[2]);
    }
    return Object.keys(values).length > 0 ? values : undefined;
  } catch {
    return undefined;
  }
}
