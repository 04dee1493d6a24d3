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
  // Callback hooks like the gateway's others: they run on every request, and an async hook costs
  // Fastify a promise and a microtask each time even when, as almost always, it has nothing to do.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!state.draining) {
      done();
      return;
    }
    reply.header('connection', 'close');
    done(request.url.startsWith(HEALTH_PREFIX) ? undefined : shuttingDown());
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (state.draining && request.raw.httpVersionMajor < 2) reply.header('connection', 'close');
    done(null, payload);
  });
  fastify.addHook('onResponse', (_request, _reply, done) => {
    // Node closes idle connections once, when close() starts; these became idle later.
    if (state.draining) setImmediate(() => fastify.server.closeIdleConnections());
    done();
  });
}
