// GET /v1/products/{id} through every front end: maximum throughput (warm-up, then interleaved
// rounds), then latency at a fixed rate of half of Rmin's maximum.
import { httpMax, httpRate } from '../lib/load.mjs';
import { interleaved, measured } from '../lib/measure.mjs';

/**
 * @typedef {{ name: string, service: import('../lib/services.mjs').Service }} RunningFrontend
 * @param {import('../run.mjs').Context} ctx
 * @param {{ frontends: RunningFrontend[], productPid: number, productId: string }} setup
 */
export async function maxThroughput(ctx, { frontends, productPid, productId }) {
  const { options } = ctx;
  const urlOf = (frontend) => `http://127.0.0.1:${frontend.service.port}/v1/products/${productId}`;
  const processesOf = (frontend) => (frontend.name === 'R0' ? { frontend: frontend.service.pid } : { frontend: frontend.service.pid, product: productPid });
  const warmup = {};
  for (const frontend of frontends) {
    ctx.log(`  warm-up ${frontend.name} (${options.warmupS} s)`);
    const result = await httpMax({ url: urlOf(frontend), connections: options.connections, durationS: options.warmupS, tool: ctx.tool });
    warmup[frontend.name] = { rps: Math.round(result.rps), errors: result.errors };
  }
  const { runs, median } = await interleaved(
    frontends,
    options.rounds,
    (frontend) =>
      measured(processesOf(frontend), () => httpMax({ url: urlOf(frontend), connections: options.connections, durationS: options.durationS, tool: ctx.tool })),
    (frontend) => frontend.name,
    ctx.log,
  );
  return { connections: options.connections, durationS: options.durationS, rounds: options.rounds, tool: ctx.tool, warmup, runs, median };
}

/**
 * Open-loop latency at `rate` req/s for the given front ends (Rmin and ours).
 * @param {import('../run.mjs').Context} ctx
 */
export async function latencyAtRate(ctx, { frontends, productPid, productId, rate }) {
  const { options } = ctx;
  const { runs, median } = await interleaved(
    frontends,
    options.rounds,
    (frontend) =>
      measured({ frontend: frontend.service.pid, product: productPid }, () =>
        httpRate({
          url: `http://127.0.0.1:${frontend.service.port}/v1/products/${productId}`,
          rate,
          connections: options.connections,
          durationS: options.durationS,
        }),
      ),
    (frontend) => frontend.name,
    ctx.log,
  );
  return { rate, connections: options.connections, durationS: options.durationS, rounds: options.rounds, tool: 'node-open-loop', runs, median };
}
