import { RouteConfig } from '@nestjs/platform-fastify';

/** Key in Fastify's route config (`request.routeOptions.config`) that marks a streaming route. */
export const STREAMING_ROUTE = 'streaming';

/**
 * Marks a route that streams (SSE, NDJSON upload): it gets no default budget, since it lasts
 * as long as the client wants; a `grpc-timeout` header still bounds it, and a disconnect
 * still cancels it. Kept in Fastify's route config, where the deadline hook reads it.
 */
export const StreamingRoute = (): MethodDecorator => RouteConfig({ [STREAMING_ROUTE]: true });

/** Whether a route's Fastify config marks it as streaming. */
export function isStreamingRoute(config: unknown): boolean {
  return typeof config === 'object' && config !== null && (config as Record<string, unknown>)[STREAMING_ROUTE] === true;
}
