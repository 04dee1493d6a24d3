// The product service alone under gRPC load (GetProduct, `connections` calls in flight) against
// a bare grpc-js server running the same query on the same data.
import { contracts } from '../lib/contracts.mjs';
import { grpcLoad } from '../lib/load.mjs';
import { interleaved, measured } from '../lib/measure.mjs';

/**
 * @param {import('../run.mjs').Context} ctx
 * @param {{ servers: { name: string, service: import('../lib/services.mjs').Service }[], ids: string[] }} setup
 */
export async function productGrpc(ctx, { servers, ids }) {
  const { options } = ctx;
  const { productV1 } = contracts();
  const requests = ids.map((id) => Buffer.from(productV1.GetProductRequest.encode({ id }).finish()));
  const path = `/${productV1.ProductServiceDefinition.fullName}/GetProduct`;
  const load = (server, durationS) =>
    grpcLoad({ target: `127.0.0.1:${server.service.port}`, path, requests, concurrency: options.connections, durationS });
  const warmup = {};
  for (const server of servers) {
    ctx.log(`  warm-up ${server.name} (${options.warmupS} s)`);
    const result = await load(server, options.warmupS);
    warmup[server.name] = { rps: Math.round(result.rps), errors: result.errors };
  }
  const { runs, median } = await interleaved(
    servers,
    options.rounds,
    (server) => measured({ server: server.service.pid }, () => load(server, options.durationS)),
    (server) => server.name,
    ctx.log,
  );
  return { method: 'GetProduct', concurrency: options.connections, durationS: options.durationS, rounds: options.rounds, warmup, runs, median };
}
