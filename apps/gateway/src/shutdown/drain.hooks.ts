import { type FastifyInstance } from '../common/fastify.types';
import { shuttingDown } from '../errors/edge-errors';
import { type DrainState } from './drain.state';

/** Health keeps answering while draining: probes must see `shutting_down`, not a refusal. */
const HEALTH_PREFIX = '/health/';

/**
 * While draining: a request that arrives on a kept-alive connection gets 503 UNAVAILABLE
 * (problem+json, so a client or proxy retries elsewhere), every response says
 * `Connection: close`, and a connection whose response started before the drain (an SSE
 * stream) is closed once that response is done, so none outlives its last request and the
 * server closes as soon as the in-flight work is over.
 */
export function registerDrainHooks(fastify: FastifyInstance, state: DrainState): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!state.draining) return;
    reply.header('connection', 'close');
    if (!request.url.startsWith(HEALTH_PREFIX)) throw shuttingDown();
  });
  fastify.addHook('onSend', async (request, reply) => {
    if (state.draining && request.raw.httpVersionMajor < 2) reply.header('connection', 'close');
  });
  fastify.addHook('onResponse', async () => {
    // Node closes idle connections once, when close() starts; these became idle later.
    if (state.draining) setImmediate(() => fastify.server.closeIdleConnections());
  });
}
