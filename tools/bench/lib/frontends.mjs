// The five front ends answering GET /v1/products/{id}, from the machine's ceiling to our
// gateway as shipped.
import { join } from 'node:path';
import { freePort } from './processes.mjs';
import { startApp, startBenchServer } from './services.mjs';

/**
 * What the front ends need from the rest of the run.
 * @typedef {{ productTarget: string, userTarget: string, orderTarget: string, keyDir: string,
 *   otlpEndpoint: string, logDir: string }} FrontendContext
 */

/**
 * `ladder`: measured only with --ladder, between Rmin and Rours0, to price each layer.
 * @typedef {{ name: string, description: string, needsGateway: boolean, ladder?: boolean,
 *   start: (context: FrontendContext, extra?: { nodeArgs?: string[], name?: string }) => Promise<import('./services.mjs').Service> }} Frontend
 */

/**
 * Starts our gateway on a free port with `env` over the common gateway env; `requestLog` sends
 * its stdout (the request lines) to `<name>-requests.log` in the run's log directory. `root`:
 * the build to run (a --compare worktree; default this checkout); `cgroupProcs`: a cgroup to
 * run it in (--memory-limit).
 * @param {FrontendContext} context
 * @param {{ name: string, env: Record<string, string>, requestLog?: boolean }} config
 * @param {{ nodeArgs?: string[], name?: string, root?: string, cgroupProcs?: string }} [extra]
 */
export async function startGateway(context, config, extra = {}) {
  const port = await freePort();
  const name = extra.name ?? config.name;
  return startApp('gateway', {
    name,
    port,
    env: { ...gatewayEnv(context, port), ...config.env },
    stdoutFile: config.requestLog ? join(context.logDir, `${name.toLowerCase()}-requests.log`) : undefined,
    nodeArgs: extra.nodeArgs,
    root: extra.root,
    cgroupProcs: extra.cgroupProcs,
  });
}

/** Gateway env for both of our configurations. */
function gatewayEnv(context, port) {
  return {
    PORT: String(port),
    PRODUCT_SERVICE_TARGET: context.productTarget,
    USER_SERVICE_TARGET: context.userTarget,
    ORDER_SERVICE_TARGET: context.orderTarget,
    JWT_KEY_DIR: context.keyDir,
  };
}

/**
 * Start function of a bench server front end (tools/bench/servers) calling the product service.
 * @param {string} name
 * @param {string} script
 * @returns {Frontend['start']}
 */
function productFrontend(name, script) {
  return (context, extra = {}) =>
    startBenchServer(extra.name ?? name, script, { PRODUCT_SERVICE_TARGET: context.productTarget }, { nodeArgs: extra.nodeArgs });
}

/** The front ends a run measures: the ladder's only with --ladder. */
export function offeredFrontends(ladder) {
  return FRONTENDS.filter((frontend) => !frontend.ladder || ladder);
}

/** Our gateway with tracing and request logging off. */
export const ROURS0_ENV = { OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'silent' };

/**
 * Our gateway as shipped: the default sampler (parentbased_traceidratio, 1 in 10 new traces)
 * and default spans (HTTP server, gRPC client, database queries) exporting over OTLP/HTTP, request logs on, metrics on.
 */
export function roursEnv(context) {
  return { OTEL_EXPORTER_OTLP_ENDPOINT: context.otlpEndpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', LOG_LEVEL: 'info' };
}

/** Rours recording everything: every request sampled, NestJS handler spans on. */
export const ROURS_ALL_ENV = { OTEL_TRACES_SAMPLER: 'parentbased_always_on', OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'pino,nestjs-core' };

/** @type {Frontend[]} */
export const FRONTENDS = [
  {
    name: 'R0',
    description: 'bare node:http, fixed JSON (the machine ceiling)',
    needsGateway: false,
    start: () => startBenchServer('R0', 'r0.mjs', {}),
  },
  {
    name: 'Rmin',
    description: 'minimal node:http handler + one shared grpc-js channel',
    needsGateway: false,
    start: productFrontend('Rmin', 'rmin.mjs'),
  },
  {
    name: 'Rlibs',
    description: "ladder: Rmin's handler calling through our gRPC client path (@acme/grpc-client channel and client, CallContext)",
    needsGateway: false,
    ladder: true,
    start: productFrontend('Rlibs', 'rlibs.mjs'),
  },
  {
    name: 'Rfastify',
    description: 'ladder: Rlibs served by plain Fastify (no Nest)',
    needsGateway: false,
    ladder: true,
    start: productFrontend('Rfastify', 'rfastify.mjs'),
  },
  {
    name: 'Rnest',
    description: 'ladder: Rfastify as a bare NestJS controller on the Fastify adapter (none of our hooks, metrics or pipes)',
    needsGateway: false,
    ladder: true,
    start: productFrontend('Rnest', 'rnest.mjs'),
  },
  {
    name: 'Rref',
    description: 'NestJS-sample-style gateway (ClientGrpc + proto-loader, no logging/tracing)',
    needsGateway: false,
    start: productFrontend('Rref', 'rref.mjs'),
  },
  {
    name: 'Rours0',
    description: 'our gateway, tracing off (OTEL_SDK_DISABLED=true), request logging off (LOG_LEVEL=silent)',
    needsGateway: true,
    start: (context, extra) => startGateway(context, { name: 'Rours0', env: ROURS0_ENV }, extra),
  },
  {
    name: 'Rours',
    description:
      'our gateway as shipped: tracing (default sampler: parentbased_traceidratio, 1 in 10 new traces) to a local OTLP/HTTP receiver, request logs to a file, metrics on',
    needsGateway: true,
    start: (context, extra) => startGateway(context, { name: 'Rours', env: roursEnv(context), requestLog: true }, extra),
  },
  {
    name: 'RoursAll',
    description: 'for reference, not a target: Rours recording every request (OTEL_TRACES_SAMPLER=parentbased_always_on) with NestJS handler spans on',
    needsGateway: true,
    start: (context, extra) => startGateway(context, { name: 'RoursAll', env: { ...roursEnv(context), ...ROURS_ALL_ENV }, requestLog: true }, extra),
  },
];
