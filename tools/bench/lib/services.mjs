// Starting the system's apps and the bench's own servers, each pinned to the server core and
// waited for until it really answers.
import { randomUUID } from 'node:crypto';
import { contracts, grpc, grpcServiceOf } from './contracts.mjs';
import { acceptsConnections, freePort, gcEnv, start, waitFor } from './processes.mjs';
import { appMain, benchScript, ROOT, SERVER_CORE } from './workspace.mjs';

/** @typedef {{ name: string, port: number, pid: number, managed: import('./processes.mjs').Managed, info?: Record<string, unknown> }} Service */

/**
 * Env every app gets: production mode, JSON logs, warnings only unless a run says otherwise,
 * listening on loopback only, a short drain so stopping between sections stays quick, and the
 * GC observer preloaded (gcEnv). Nothing else leaks in from the caller's environment (no stray
 * OTEL_* or DATABASE_URL).
 */
function appEnv(extra) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_PRETTY: 'false',
    LOG_LEVEL: 'warn',
    NO_COLOR: '1',
    HOST: '127.0.0.1',
    GRPC_HOST: '127.0.0.1',
    SHUTDOWN_DRAIN_MS: '2000',
    ...gcEnv(),
    ...extra,
  };
}

/**
 * Starts a built app (`node apps/<app>/dist/main.js`, of this checkout unless `root` names
 * another, a --compare worktree; in a cgroup when `cgroupProcs` is given) and waits for `port`
 * to accept.
 * @param {import('./workspace.mjs').AppName} app
 * @param {{ name?: string, port: number, env: Record<string, string | undefined>, stdoutFile?: string, nodeArgs?: string[], root?: string, cgroupProcs?: string }} options
 * @returns {Promise<Service>}
 */
export async function startApp(app, options) {
  const name = options.name ?? app;
  const root = options.root ?? ROOT;
  const managed = start(name, process.execPath, [...(options.nodeArgs ?? []), appMain(app, root)], {
    core: SERVER_CORE,
    cwd: root,
    env: appEnv(options.env),
    stdoutFile: options.stdoutFile,
    cgroupProcs: options.cgroupProcs,
  });
  await waitFor(() => acceptsConnections(options.port), { timeoutMs: 60_000, what: `${name} on port ${options.port}`, managed });
  return { name, port: options.port, pid: managed.pid, managed };
}

/**
 * Starts one of tools/bench/servers/*.mjs (on the server core unless told, with `nodeArgs`
 * before the script) and waits for its port to accept.
 * @param {string} name
 * @param {string} script
 * @param {Record<string, string>} env
 * @param {{ core?: number, nodeArgs?: string[] }} [options]
 * @returns {Promise<Service>}
 */
export async function startBenchServer(name, script, env, { core = SERVER_CORE, nodeArgs = [] } = {}) {
  const port = await freePort();
  const managed = start(name, process.execPath, [...nodeArgs, benchScript(`servers/${script}`)], {
    core,
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', ...gcEnv(), ...env, PORT: String(port) },
  });
  await waitFor(() => acceptsConnections(port), { timeoutMs: 60_000, what: `${name} on port ${port}`, managed });
  const line = managed.output().split('\n').find((l) => l.startsWith('{'));
  return { name, port, pid: managed.pid, managed, info: line ? JSON.parse(line) : undefined };
}

/**
 * A ProductService client over grpc-js with the generated codecs (seeding and readiness).
 * @param {string} target host:port
 */
export function productClient(target) {
  const { productV1 } = contracts();
  const Client = grpc.makeGenericClientConstructor(grpcServiceOf(productV1.ProductServiceDefinition, ['createProduct', 'getProduct']), 'ProductService');
  const client = new Client(target, grpc.credentials.createInsecure());
  const unary = (method, request) =>
    new Promise((resolve, reject) =>
      client[method](request, new grpc.Metadata(), { deadline: Date.now() + 10_000 }, (error, response) => (error ? reject(error) : resolve(response))),
    );
  return {
    create: (request) => unary('createProduct', productV1.CreateProductRequest.fromPartial(request)),
    get: (id) => unary('getProduct', { id }),
    close: () => client.close(),
  };
}

/** Waits until a ProductService answers GetProduct with anything but UNAVAILABLE. */
export async function waitForProductService(service) {
  const client = productClient(`127.0.0.1:${service.port}`);
  try {
    await waitFor(
      async () => {
        try {
          await client.get(randomUUID());
          return true;
        } catch (error) {
          return error.code !== grpc.status.UNAVAILABLE && error.code !== grpc.status.DEADLINE_EXCEEDED;
        }
      },
      { timeoutMs: 60_000, what: `${service.name} to answer gRPC`, managed: service.managed, intervalMs: 100 },
    );
  } finally {
    client.close();
  }
}

/**
 * Creates `count` products through CreateProduct and returns their ids.
 * @returns {Promise<string[]>}
 */
export async function seedProducts(service, count, stock = 1_000_000) {
  const client = productClient(`127.0.0.1:${service.port}`);
  const run = randomUUID().slice(0, 8);
  try {
    const ids = [];
    for (let i = 0; i < count; i += 1) {
      const { product } = await client.create({
        sku: `BENCH-${run}-${i}`,
        name: `Benchmark product ${i}`,
        description: 'A product seeded by tools/bench for GET /v1/products/{id}.',
        priceCents: 1999 + i,
        currency: 'EUR',
        stock,
      });
      ids.push(product.id);
    }
    return ids;
  } finally {
    client.close();
  }
}

/**
 * Waits until GET `url` answers `status` (200 unless told) with a body naming `expect` (the front
 * end is wired through).
 */
export async function waitForHttp(url, expect, managed, status = 200) {
  await waitFor(
    async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      const body = await response.text();
      return response.status === status && body.includes(expect);
    },
    { timeoutMs: 60_000, what: `${managed.name} to answer ${status} to GET ${url}`, managed, intervalMs: 100 },
  );
}
