// POST /v1/orders end to end (gateway -> order service -> user and product services, all on
// PostgreSQL): one signed-up user, orders of one unit rotating over a few products with ample
// stock, maximum throughput with `connections` connections.
import { randomUUID } from 'node:crypto';
import { httpMax } from '../lib/load.mjs';
import { interleaved, measured } from '../lib/measure.mjs';

const PRODUCTS = 16;

/**
 * @param {import('../run.mjs').Context} ctx
 * @param {{ gateway: import('../lib/services.mjs').Service, pids: Record<string, number> }} setup
 */
export async function ordersEndToEnd(ctx, { gateway, pids }) {
  const { options } = ctx;
  const base = `http://127.0.0.1:${gateway.port}`;
  const token = await signUp(base);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const productIds = [];
  for (let i = 0; i < PRODUCTS; i += 1) {
    const sku = `BENCH-ORD-${randomUUID().slice(0, 8)}`;
    const created = await post(base, '/v1/products', { sku, name: `Order bench ${i}`, description: 'seeded by tools/bench', priceCents: 500 + i, currency: 'EUR', stock: 1_000_000_000 }, headers);
    productIds.push(created.id);
  }
  const bodies = productIds.map((productId) => JSON.stringify({ items: [{ productId, quantity: 1 }] }));
  // Prove the path once before loading it, so a broken setup fails with its real answer.
  await post(base, '/v1/orders', JSON.parse(bodies[0]), headers);
  const load = (durationS) =>
    httpMax({ url: `${base}/v1/orders`, method: 'POST', headers, bodies, connections: options.connections, durationS, tool: ctx.tool });
  ctx.log(`  warm-up orders (${options.warmupS} s)`);
  const warmup = await load(options.warmupS);
  const { runs, median } = await interleaved(
    [{ name: 'orders' }],
    options.rounds,
    () => measured(pids, () => load(options.durationS)),
    (target) => target.name,
    ctx.log,
  );
  return {
    database: 'postgres',
    connections: options.connections,
    durationS: options.durationS,
    rounds: options.rounds,
    products: PRODUCTS,
    warmup: { rps: Math.round(warmup.rps), errors: warmup.errors },
    runs: runs.orders,
    median: median.orders,
  };
}

async function signUp(base) {
  const email = `bench-${randomUUID()}@example.com`;
  const password = 'correct horse battery staple';
  await post(base, '/v1/users', { email, name: 'Bench User', password });
  const token = await post(base, '/v1/auth/token', { email, password });
  return token.accessToken;
}

async function post(base, path, body, headers = { 'content-type': 'application/json' }) {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}
