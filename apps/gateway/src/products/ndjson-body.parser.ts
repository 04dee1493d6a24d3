import { type FastifyInstance } from '../common/fastify.types';
import { unsupportedMediaType } from '../errors/edge-errors';

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

/**
 * Lets `application/x-ndjson` bodies through as the raw request stream, unread and without
 * Fastify's body limit, to the routes in `streamingRoutes` only; everywhere else the type is
 * refused with 415 as any other unsupported type. The route reads the stream itself.
 */
export function registerNdjsonBodyParser(fastify: FastifyInstance, streamingRoutes: readonly string[]): void {
  fastify.addContentTypeParser(NDJSON_CONTENT_TYPE, (request, payload, done) => {
    if (streamingRoutes.includes(request.routeOptions.url ?? '')) done(null, payload);
    else done(unsupportedMediaType(request.headers['content-type'], 'application/json'), undefined);
  });
}
