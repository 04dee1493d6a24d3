import { hostname } from 'node:os';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type LevelWithSilent, stdTimeFunctions } from 'pino';
import { type Options } from 'pino-http';
import { type LoggingOptions } from './logging-options';
import { REDACT_PATHS, REDACTED } from './redact-paths';
import { requestId } from './request-id';
import { traceMixin } from './trace-mixin';

/** Scrapes every few seconds would drown the request log. */
const UNLOGGED_PATHS = ['/metrics'];

/**
 * pino and pino-http settings for an app: JSON lines with time, level label, service, version,
 * trace and request ids; secrets redacted; one `request completed` line per HTTP request with
 * method, url, status and duration_ms (no headers), at warn for 4xx and error for 5xx.
 */
export function pinoHttpOptions(options: LoggingOptions): Options<IncomingMessage, ServerResponse> {
  return {
    level: options.level,
    base: { service: options.service, version: options.version, pid: process.pid, hostname: hostname() },
    timestamp: stdTimeFunctions.isoTime,
    // pino-pretty reads numeric levels; JSON consumers read labels more easily.
    formatters: options.pretty ? {} : { level: (label) => ({ level: label }) },
    mixin: traceMixin,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    genReqId: requestId,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'request_id', responseTime: 'duration_ms' },
    customLogLevel: (_request, response, error): LevelWithSilent => {
      if (error !== undefined || response.statusCode >= 500) return 'error';
      return response.statusCode >= 400 ? 'warn' : 'info';
    },
    // At `silent` nothing would be written: skip the per-request logger work altogether.
    autoLogging: options.level === 'silent' ? false : { ignore: (request) => UNLOGGED_PATHS.includes(pathOf(request)) },
    // Slim request lines: every header of every request would cost ~900 bytes and a redaction
    // pass per line (profiled in `npm run bench`); the request id, route and status identify it.
    serializers: {
      req: (request: { id?: unknown; method?: string; url?: string }) => ({ id: request.id, method: request.method, url: request.url }),
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
    },
    transport: options.pretty ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
  };
}

/**
 * The request's path. Under Fastify, middie rewrites `url` relative to the middleware's mount
 * path while middleware runs and keeps the original in `originalUrl`.
 */
function pathOf(request: IncomingMessage): string {
  const url = 'originalUrl' in request && typeof request.originalUrl === 'string' ? request.originalUrl : (request.url ?? '');
  return url.split('?')[0] ?? '';
}
