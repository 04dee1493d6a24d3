import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';
import { type LoggingOptions } from './logging-options';
import { pinoHttpOptions } from './pino-http-options';
import { requestIdMiddleware } from './request-id.middleware';

/**
 * Every path, the root included. nestjs-pino's default (`{/*splat}`) matches only `/` under
 * @nestjs/platform-fastify 12.5, so no request would be logged; `{*splat}` matches all of them.
 */
const ALL_ROUTES = [{ path: '{*splat}', method: RequestMethod.ALL }];

/**
 * Structured logging for every app, on nestjs-pino (global). JSON lines on stdout with
 * `service`, `version`, `trace_id`, `span_id` and `request_id`; authorization headers, cookies,
 * passwords and tokens redacted; one line per HTTP request from pino-http (the gateway), while
 * gRPC calls get theirs from @acme/interceptors. Pure gRPC services (no HTTP server) work too.
 * One configuration per process: nestjs-pino keeps a single root logger, built on first use.
 *
 * @example
 * // app.module.ts
 * imports: [LoggingModule.forRoot({ service: 'order-service', version, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY })]
 * // main.ts, with NestFactory.create(..., { bufferLogs: true })
 * app.useLogger(app.get(Logger));
 */
@Module({})
export class LoggingModule implements NestModule {
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
          forRoutes: ALL_ROUTES,
        }),
      ],
      exports: [LoggerModule],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestIdMiddleware).forRoutes(...ALL_ROUTES);
  }
}
