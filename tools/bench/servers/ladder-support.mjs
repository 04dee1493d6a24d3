// What Rlibs, Rfastify and Rnest share with our gateway: its product client and its per-request
// CallContext (deadline, disconnect signal, request id), from the built workspace libraries.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { CallContext } = require('@acme/context');
const { createGrpcChannel, createGrpcClient } = require('@acme/grpc-client');
const { requestIdFor } = require('@acme/logging');

/** The gateway's default REQUEST_TIMEOUT_MS. */
const REQUEST_TIMEOUT_MS = 5_000;

/**
 * A product client on a channel configured as the gateway's GrpcClients configures one.
 * @returns {{ getProduct: (request: { id: string }) => Promise<{ product: unknown }>, close: () => void }}
 */
export function gatewayProductClient(definition, target) {
  const channel = createGrpcChannel(target, { definitions: [definition] });
  const client = createGrpcClient(definition, channel, { defaultTimeoutMs: REQUEST_TIMEOUT_MS });
  return { getProduct: (request) => client.getProduct(request), close: () => channel.close() };
}

/** Runs `fn` in the CallContext the gateway's hooks build for a request (`req`, `res`: node:http). */
export function inRequestContext(req, res, fn) {
  return CallContext.run(requestContext(req, res), fn);
}

function requestContext(req, res) {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the HTTP client disconnected'));
  });
  return { requestId: requestIdFor(req.headers), deadline: new Date(Date.now() + REQUEST_TIMEOUT_MS), signal: controller.signal };
}
