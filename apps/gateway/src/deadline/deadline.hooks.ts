import { CallContext } from '@acme/context';
import { type FastifyInstance, type FastifyReply } from '../common/fastify.types';
import { GRPC_TIMEOUT_HEADER, parseGrpcTimeout } from './grpc-timeout';
import { isStreamingRoute } from './streaming-route.decorator';

/**
 * Runs every route handler inside a CallContext, so the gRPC clients it calls inherit:
 * - the deadline: now + `requestTimeoutMs`, shortened (never lengthened) by a `grpc-timeout`
 *   header (malformed: 400 VALIDATION_FAILED); streaming routes have none unless the header
 *   asks for one;
 * - a signal that aborts when the HTTP client goes away, which cancels the calls in flight;
 * - the request id (set by registerHttpTelemetry's hook, which runs first).
 *
 * The signal deliberately does not abort at the deadline: grpc-js enforces the deadline
 * itself and reports DEADLINE_EXCEEDED (504), where a cancel would race it as CANCELLED (499).
 *
 * A Fastify preHandler hook rather than a Nest interceptor: with no interceptor left, Nest
 * calls handlers without its per-request Observable pipeline (see `npm run bench` profiles).
 */
export function registerRequestDeadlines(fastify: FastifyInstance, requestTimeoutMs: number): void {
  fastify.addHook('preHandler', (request, reply, done) => {
    let requested: number | undefined;
    try {
      requested = parseGrpcTimeout(request.headers[GRPC_TIMEOUT_HEADER]);
    } catch (error) {
      done(error as Error);
      return;
    }
    const budgetMs = isStreamingRoute(request.routeOptions.config) ? requested : Math.min(requestTimeoutMs, requested ?? Number.POSITIVE_INFINITY);
    const value = {
      ...CallContext.current(),
      deadline: budgetMs === undefined ? undefined : new Date(Date.now() + budgetMs),
      signal: disconnectSignal(reply),
    };
    // Fastify calls the route handler synchronously from done(): it and all it awaits see this.
    CallContext.run(value, done);
  });
}

/** Aborts when the response closes before it was completely sent: the client went away. */
function disconnectSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('the HTTP client disconnected'));
  });
  return controller.signal;
}
