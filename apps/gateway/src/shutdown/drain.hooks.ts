import { type FastifyInstance } from 'fastify';
import { shuttingDown } from '../errors/edge-errors';
import { type DrainState } from './drain.state';

/** Health keeps answering while draining: probes must see `shutting_down`, not a refusal. */
const HEALTH_PREFIX = '/health/';

/**
 * While draining: a request that arrives on a kept-alive connection gets 503 UNAVAILABLE
 * (problem+json, so a client or proxy retries elsewhere), and every response says
 * `Connection: close` so no connection outlives its last in-flight request.
 */
export function registerDrainHooks(fastify: FastifyInstance, state: DrainState): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!state.draining) return;
    reply.header('connection', 'close');
    if (!request.url.startsWith(HEALTH_PREFIX)) throw shuttingDown();
  });
  fastify.addHook('onSend', async (_request, reply) => {
    if (state.draining && reply.request.raw.httpVersionMajor < 2) reply.header('connection', 'close');
  });
}
