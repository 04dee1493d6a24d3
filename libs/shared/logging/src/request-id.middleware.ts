import { type IncomingMessage, type ServerResponse } from 'node:http';
import { requestId } from './request-id';

/**
 * Gives each HTTP request its id before pino-http binds it. Needed under Fastify: middie copies
 * Fastify's own id ("req-1", a per-process counter) onto the raw request, and pino-http keeps an
 * existing `req.id` instead of generating one, so the caller's x-request-id would be lost.
 * LoggingModule mounts this ahead of nestjs-pino's middleware (a module's middleware is mounted
 * before that of the modules it imports).
 */
export function requestIdMiddleware(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  request.id = requestId(request, response);
  next();
}
