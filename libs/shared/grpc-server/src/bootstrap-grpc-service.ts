import { type Server } from '@grpc/grpc-js';
import { type DynamicModule, type INestMicroservice, Logger as NestLogger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { type GrpcServerOptions, grpcServerOptions } from './grpc-server-options';

export interface GrpcServiceLifecycle {
  /** After the server listens: mark SERVING, register in the registry. */
  readonly afterListen?: (app: INestMicroservice) => Promise<void>;
  /** First step of shutdown, while still serving: mark NOT_SERVING, deregister. */
  readonly beforeDrain?: (app: INestMicroservice) => Promise<void>;
  /** Last step, after Nest closed (DB pools, channels): flush the tracer. */
  readonly afterClose?: () => Promise<void>;
}

export interface GrpcServiceBootstrapOptions extends GrpcServiceLifecycle {
  readonly module: Type<unknown> | DynamicModule;
  readonly server: GrpcServerOptions;
  /** How long in-flight calls and streams may take to finish after a stop signal. */
  readonly drainMs: number;
}

/**
 * Starts a gRPC service and owns its shutdown. On SIGTERM or SIGINT, in this order:
 * beforeDrain (NOT_SERVING, deregister), stop accepting and let in-flight calls finish for at
 * most drainMs (then cancel them), close the Nest app (DB pools, channels), afterClose
 * (tracer), exit 0.
 *
 * @example
 * await bootstrapGrpcService({ module: AppModule, server: { url, protoFiles, packages }, drainMs: 10_000 });
 */
export async function bootstrapGrpcService(options: GrpcServiceBootstrapOptions): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(options.module, {
    ...grpcServerOptions(options.server),
    bufferLogs: true,
  });
  const logger = useStructuredLogger(app);
  await app.listen();
  await options.afterListen?.(app);
  logger.log(`gRPC server listening on ${options.server.url}`);

  let stopping: Promise<void> | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    stopping ??= (async () => {
      logger.log(`${signal} received: draining for at most ${options.drainMs} ms`);
      try {
        await options.beforeDrain?.(app);
        await drain(app.unwrap<Server>(), options.drainMs);
        await app.close();
        await options.afterClose?.();
        process.exit(0);
      } catch (error) {
        logger.error(error, 'shutdown failed');
        process.exit(1);
      }
    })();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return app;
}

/** Stops accepting calls and waits for in-flight ones, cancelling what remains after drainMs. */
export function drain(server: Server, drainMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, drainMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function useStructuredLogger(app: INestMicroservice): NestLogger | Logger {
  try {
    const logger = app.get(Logger);
    app.useLogger(logger);
    return logger;
  } catch {
    // The app did not import LoggingModule: keep Nest's default logger.
    app.flushLogs();
    return new NestLogger('Bootstrap');
  }
}
