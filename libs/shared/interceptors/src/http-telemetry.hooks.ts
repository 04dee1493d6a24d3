import { type FastifyAdapter } from '@nestjs/platform-fastify';
import { context as otelContext } from '@opentelemetry/api';
import { type Logger } from 'pino';
import { CallContext, type CallContextValue } from '@acme/context';
import { REQUEST_ID_HEADER } from '@acme/logging';
import { type Metrics } from '@acme/metrics';
import { nameHttpServerSpan } from '@acme/tracing';

// 'fastify' is a dependency of @nestjs/platform-fastify, not of the workspace: its types are
// read off the adapter's signatures.
type FastifyInstance = ReturnType<FastifyAdapter['setNotFoundHandler']>;
type FastifyRequest = Parameters<FastifyAdapter['getRequestHostname']>[0];
type FastifyReply = Parameters<FastifyAdapter['redirect']>[0];

/** What {@link registerHttpTelemetry} writes to. */
export interface HttpTelemetryOptions {
  /** The root pino logger (`PinoLogger.root` once `app.useLogger(app.get(Logger))` ran). */
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Paths (no query) that get no request line; default `/metrics`: scrapes would drown the log. */
  readonly unloggedPaths?: readonly string[];
  /**
   * The rest of the CallContext a route handler runs in (a deadline, a cancellation signal),
   * built once per request before the handler; what it throws refuses the request. One
   * CallContext per request rather than a hook of the caller's own: each `CallContext.run`
   * copies the async context frame.
   */
  readonly callContext?: (request: FastifyRequest, reply: FastifyReply) => Omit<CallContextValue, 'requestId'>;
}

/** Status recorded for a request whose client went away before the response was sent (nginx's). */
const CLIENT_CLOSED_REQUEST = 499;

/** The `route` label of a request no route matched (a 404). */
const UNMATCHED_ROUTE = 'unmatched';

/**
 * Per-request telemetry of a Fastify app, for every request, routed or not, guarded or not:
 * - the request id (`request.id`, from `requestIdFor` as Fastify's genReqId) echoed as
 *   `x-request-id`, and the route handler run in a CallContext holding it (and what
 *   `callContext` adds), so every line logged while handling carries it;
 * - one JSON line when the request ends: `request_id`, `method`, `url` (no headers, hence no
 *   credentials), `status_code`, `duration_ms`, plus trace_id/span_id from the logger's mixin;
 *   info below 400, warn for 4xx, error ("request errored") for 5xx, "request aborted" when the
 *   client went away first;
 * - RED metrics by method, route template (`/v1/orders/:id`, `unmatched` for a 404 without a
 *   route) and the status actually sent;
 * - the HTTP server span (started by tracedRequestListener around Fastify's handler) named after
 *   the route ("GET /v1/orders/:id") with `http.route`.
 *
 * Fastify hooks rather than pino-http middleware and a Nest interceptor: pino-http builds a
 * child logger per request and runs through Nest's middleware layer (middie), and interceptors
 * add an Observable layer per request and never see requests a guard refused; together about a
 * third of the gateway's own CPU per request in `npm run bench` profiles.
 *
 * @example
 * // before app.listen()
 * app.useLogger(app.get(Logger));
 * registerHttpTelemetry(app.getHttpAdapter().getInstance(), { logger: PinoLogger.root, metrics: app.get(Metrics) });
 */
export function registerHttpTelemetry(fastify: FastifyInstance, options: HttpTelemetryOptions): void {
  const { logger, metrics } = options;
  const unlogged = new Set(options.unloggedPaths ?? ['/metrics']);

  /** `durationMs` undefined: the client went away and Fastify has no reply to time. */
  const log = (request: FastifyRequest, statusCode: number, durationMs: number | undefined): void => {
    const level = durationMs === undefined || statusCode < 400 ? 'info' : statusCode < 500 ? 'warn' : 'error';
    // Nothing to build when the line would be dropped (LOG_LEVEL=warn keeps only 4xx and 5xx).
    if (!logger.isLevelEnabled(level) || unlogged.has(pathOf(request.url))) return;
    const line = {
      request_id: request.id,
      // Flat keys: pino-http's req/res serializers sit on the root logger and expect raw objects.
      method: request.method,
      url: request.url,
      status_code: statusCode,
      duration_ms: durationMs === undefined ? undefined : Math.round(durationMs * 1000) / 1000,
    };
    logger[level](line, durationMs === undefined ? 'request aborted' : statusCode >= 500 ? 'request errored' : 'request completed');
  };

  fastify.addHook('onRequest', (request, reply, done) => {
    // routeOptions is a getter that builds a fresh object: read once per request.
    const route = request.routeOptions.url;
    const record = metrics.startHttpRequest(request.method, route ?? UNMATCHED_ROUTE);
    // The response's 'close' rather than Fastify's onResponse and onRequestAbort hooks: when the
    // client goes away after its body was read (any POST), Fastify runs neither (onRequestAbort
    // is for requests not yet fully received), and the request would stay in flight for good.
    // A completed response closes inside the request's context; a disconnect closes it from the
    // socket's, where no span is active: that line is written in the request's, so it carries
    // the trace id like every other line of the request.
    // `on` rather than `once`: a response closes once, and once() wraps every listener.
    const requestContext = otelContext.active();
    reply.raw.on('close', () => {
      const sent = reply.raw.writableFinished;
      const statusCode = sent ? reply.statusCode : CLIENT_CLOSED_REQUEST;
      record(statusCode);
      if (sent) log(request, statusCode, reply.elapsedTime);
      else otelContext.with(requestContext, log, undefined, request, statusCode, undefined);
    });
    reply.header(REQUEST_ID_HEADER, request.id);
    if (route !== undefined) nameHttpServerSpan(request.method, route);
    done();
  });
  const extend = options.callContext;
  fastify.addHook('preHandler', (request, reply, done) => {
    let value: CallContextValue;
    try {
      value = { ...CallContext.current(), ...extend?.(request, reply), requestId: request.id };
    } catch (error) {
      done(error as Error);
      return;
    }
    // Fastify calls the route handler synchronously from done(): it and all it awaits see it.
    CallContext.run(value, done);
  });
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
