import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';
import { type LoggingOptions } from './logging-options';
import { pinoHttpOptions } from './pino-http-options';

/**
 * Structured logging for every app, on nestjs-pino (global). JSON lines on stdout with
 * `service`, `version`, `trace_id`, `span_id` and `request_id`; authorization headers, cookies,
 * passwords and tokens redacted. HTTP apps add one line per request with
 * `registerHttpTelemetry` (@acme/interceptors); gRPC calls get theirs from @acme/interceptors.
 * One configuration per process: nestjs-pino keeps a single root logger, built on first use.
 *
 * @example
 * // app.module.ts
 * imports: [LoggingModule.forRoot({ service: 'order-service', version, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY })]
 * // main.ts, with NestFactory.create(..., { bufferLogs: true })
 * app.useLogger(app.get(Logger));
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    const httpOptions = pinoHttpOptions(options);
    // JSON lines go to stdout asynchronously: a synchronous write per line blocked the event
    // loop for ~80 µs per request under load. pino flushes the buffer on exit.
    const output = options.destination ?? (options.pretty ? undefined : destination({ dest: 1, sync: false }));
    return {
      module: LoggingModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: output === undefined ? httpOptions : [httpOptions, output],
          // No pino-http middleware (a child logger per request): registerHttpTelemetry (@acme/interceptors)
          // writes the request lines from Fastify hooks with the root logger.
          forRoutes: [],
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
