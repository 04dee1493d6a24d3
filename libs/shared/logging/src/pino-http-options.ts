import { hostname } from 'node:os';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { stdTimeFunctions } from 'pino';
import { type Options } from 'pino-http';
import { type LoggingOptions } from './logging-options';
import { redactSecrets } from './redact-secrets';
import { traceMixin } from './trace-mixin';

/**
 * The root logger's settings, in the pino-http form nestjs-pino builds it from: JSON lines with
 * time, level label, service, version, trace and request ids (the mixin), secrets redacted.
 * pino-http itself never runs as middleware (see LoggingModule): HTTP request lines come from
 * `registerHttpTelemetry` (@acme/interceptors).
 */
export function pinoHttpOptions(options: LoggingOptions): Options<IncomingMessage, ServerResponse> {
  return {
    level: options.level,
    base: { service: options.service, version: options.version, pid: process.pid, hostname: hostname() },
    timestamp: stdTimeFunctions.isoTime,
    formatters: {
      // pino-pretty reads numeric levels; JSON consumers read labels more easily.
      ...(options.pretty ? {} : { level: (label: string) => ({ level: label }) }),
      log: redactSecrets,
    },
    mixin: traceMixin,
    autoLogging: false,
    transport: options.pretty ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
  };
}
