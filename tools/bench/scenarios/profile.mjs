// --cpu-prof: a separate Rours gateway started with `node --cpu-prof`, loaded like the measured
// rounds, stopped with SIGTERM (the profile is written as it exits), then summarized. Kept apart
// from the measured rounds because profiling slows the process down.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { httpMax } from '../lib/load.mjs';
import { summarizeProfile } from '../lib/profile.mjs';
import { stop } from '../lib/processes.mjs';
import { waitForHttp } from '../lib/services.mjs';

/**
 * @param {import('../run.mjs').Context} ctx
 * @param {{ frontend: import('../lib/frontends.mjs').Frontend, context: import('../lib/frontends.mjs').FrontendContext, productId: string }} setup
 */
export async function profileGateway(ctx, { frontend, context, productId }) {
  const dir = join(ctx.outDir, `profile-${ctx.stamp}`);
  mkdirSync(dir, { recursive: true });
  const service = await frontend.start(context, { name: `${frontend.name}-profiled`, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] });
  try {
    const url = `http://127.0.0.1:${service.port}/v1/products/${productId}`;
    await waitForHttp(url, productId, service.managed);
    await httpMax({ url, connections: ctx.options.connections, durationS: ctx.options.warmupS, tool: ctx.tool });
    const load = await httpMax({ url, connections: ctx.options.connections, durationS: ctx.options.durationS * 2, tool: ctx.tool });
    await stop(service.managed, 15_000);
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) return { frontend: frontend.name, error: `no .cpuprofile in ${dir}: the gateway did not exit cleanly on SIGTERM` };
    return { frontend: frontend.name, file: join(dir, file), rpsWhileProfiled: Math.round(load.rps), ...summarizeProfile(join(dir, file), 25) };
  } finally {
    await stop(service.managed);
  }
}
