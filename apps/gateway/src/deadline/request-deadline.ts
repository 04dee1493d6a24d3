import { type CallContextValue } from '@acme/context';
import { type FastifyReply, type FastifyRequest } from '../common/fastify.types';
import { GRPC_TIMEOUT_HEADER, parseGrpcTimeout } from './grpc-timeout';
import { isStreamingRoute } from './streaming-route.decorator';

/**
 * The deadline and cancellation part of the CallContext every route handler runs in
 * (registerHttpTelemetry's `callContext`, which adds the request id), so the gRPC clients it
 * calls inherit:
 * - the deadline: now + `requestTimeoutMs`, shortened (never lengthened) by a `grpc-timeout`
 *   header (malformed: throws 400 VALIDATION_FAILED); streaming routes have none unless the
 *   header asks for one;
 * - a signal that aborts when the HTTP client goes away, which cancels the calls in flight.
 *
 * The signal deliberately does not abort at the deadline: grpc-js enforces the deadline
 * itself and reports DEADLINE_EXCEEDED (504), where a cancel would race it as CANCELLED (499).
 *
 * Built in registerHttpTelemetry's preHandler hook rather than a Nest interceptor: with no
 * interceptor left, Nest calls handlers without its per-request Observable pipeline (see
 * `npm run bench` profiles).
 */
export function requestDeadline(requestTimeoutMs: number): (request: FastifyRequest, reply: FastifyReply) => Pick<CallContextValue, 'deadline' | 'signal'> {
  return (request, reply) => {
    const requested = parseGrpcTimeout(request.headers[GRPC_TIMEOUT_HEADER]);
    const budgetMs = isStreamingRoute(request.routeOptions.config) ? requested : Math.min(requestTimeoutMs, requested ?? Number.POSITIVE_INFINITY);
    return { deadline: budgetMs === undefined ? undefined : new Date(Date.now() + budgetMs), signal: disconnectSignal(reply) };
  };
}

/** Aborts when the response closes before it was completely sent: the client went away. */
function disconnectSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  // `on` rather than `once`: a response closes once, and once() wraps every listener.
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('the HTTP client disconnected'));
  });
  return controller.signal;
}
