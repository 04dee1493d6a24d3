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
/** Longest a JSON line waits in the buffer before it is written. */
export const LOG_FLUSH_INTERVAL_MS = 100;

/**
 * JSON lines to stdout, asynchronously and in chunks of at least 4 KiB, or every
 * {@link LOG_FLUSH_INTERVAL_MS}: a synchronous write per line blocked the event loop for ~80 µs
 * per request under load, and an asynchronous write per line still cost a syscall each (~35 µs
 * per request in `npm run bench` profiles). pino writes what is buffered when the process exits;
 * a SIGKILL loses at most the last interval.
 */
function bufferedStdout(): ReturnType<typeof destination> {
  const stdout = destination({ dest: 1, sync: false, minLength: 4096 });
  const timer = setInterval(() => {
    try {
      stdout.flush();
    } catch {
      clearInterval(timer); // destroyed: the process is exiting
    }
  }, LOG_FLUSH_INTERVAL_MS).unref();
  return stdout;
}

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
