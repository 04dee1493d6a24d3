import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { bufferedStdout } from './buffered-stdout';
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
    const output = options.destination ?? (options.pretty ? undefined : bufferedStdout());
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
