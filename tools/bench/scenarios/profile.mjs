// --cpu-prof: a separate instance of a server started with `node --cpu-prof`, loaded like the
// measured rounds, stopped with SIGTERM (the profile is written as it exits), then summarized
// over the loaded window only (start-up and warm-up left out). Kept apart from the measured
// rounds because profiling slows the process down.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeProfile } from '../lib/profile.mjs';
import { stop } from '../lib/processes.mjs';

const TOP = 25;

/**
 * @param {import('../run.mjs').Context} ctx
 * @param {{ name: string,
 *   start: (nodeArgs: string[]) => Promise<import('../lib/services.mjs').Service>,
 *   load: (service: import('../lib/services.mjs').Service, durationS: number) => Promise<import('../lib/load.mjs').LoadResult> }} target
 */
export async function profileUnderLoad(ctx, target) {
  const dir = join(ctx.outDir, `profile-${ctx.stamp}`, target.name.replace(/[^\w-]+/g, '_'));
  mkdirSync(dir, { recursive: true });
  const service = await target.start(['--cpu-prof', '--cpu-prof-dir', dir]);
  try {
    await target.load(service, ctx.options.warmupS);
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const load = await target.load(service, ctx.options.durationS * 2);
    const toUs = Number(process.hrtime.bigint() / 1000n);
    await stop(service.managed, 15_000);
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) return { name: target.name, error: `no .cpuprofile in ${dir}: the process did not exit cleanly on SIGTERM` };
    const summary = summarizeProfile(join(dir, file), TOP, { fromUs, toUs });
    // Self time per answered request, comparable across profiles.
    const perRequest = (entry) => ({ ...entry, usPerRequest: load.requests > 0 ? Math.round((entry.selfMs * 1000) / load.requests) : 0 });
    return {
      name: target.name,
      file: join(dir, file),
      window: { fromUs, toUs },
      requests: load.requests,
      rpsWhileProfiled: Math.round(load.rps),
      busyUsPerRequest: load.requests > 0 ? Math.round((summary.busyMs * 1000) / load.requests) : 0,
      ...summary,
      functions: summary.functions.map(perRequest),
      packages: summary.packages.map(perRequest),
    };
  } finally {
    await stop(service.managed);
  }
}
