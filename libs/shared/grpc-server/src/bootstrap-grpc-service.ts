import { type Server } from '@grpc/grpc-js';
import { type DynamicModule, type INestMicroservice, Logger as NestLogger, type Type } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { type MicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { HealthService, type ReadinessCheck } from '@acme/health';
import { REGISTRY, type Registry } from '@acme/registry';
import { type GrpcServerOptions, grpcServerOptions } from './grpc-server-options';

/**
 * After deregistering from Consul, how long the instance keeps serving before it stops
 * accepting: callers' blocking queries see the change within milliseconds, and this covers
 * calls already routed here (the same job as a Kubernetes preStop sleep).
 */
export const DEREGISTRATION_GRACE_MS = 500;

export interface GrpcServiceBootstrapOptions {
  readonly module: Type<unknown> | DynamicModule;
  readonly server: GrpcServerOptions;
  /** The instance as the registry shows it (consul mode): name, version, advertised port. */
  readonly instance: { readonly name: string; readonly version: string; readonly port: number };
  /** Fully qualified services grpc.health.v1 reports on by name ("acme.product.v1.ProductService"). */
  readonly healthServices: readonly string[];
  /** Real readiness (database reachable, migrations done); SERVING only while it passes. */
  readonly readiness?: (app: INestMicroservice) => ReadinessCheck;
  /** How long in-flight calls and streams may take to finish after a stop signal. */
  readonly drainMs: number;
  /** How often readiness is re-checked; default 5 s. */
  readonly healthRecheckMs?: number;
  /**
   * After NOT_SERVING and deregistration, before the drain: end work that never finishes by
   * itself (server streams), so the drain is not held for its whole budget.
   */
  readonly beforeDrain?: (app: INestMicroservice) => void | Promise<void>;
  /** Last step of shutdown, after Nest closed (DB pools, channels): flush the tracer. */
  readonly afterClose?: () => Promise<void>;
}

/**
 * Starts a gRPC service with reflection and grpc.health.v1, registers it (consul mode, when
 * the app imports RegistryModule) once it listens, and owns its shutdown. On SIGTERM/SIGINT,
 * in this order: health NOT_SERVING (Watch streams end), deregister, beforeDrain, stop accepting and let
 * in-flight calls finish for at most drainMs (then cancel them), close the Nest app (DB pools,
 * channels), afterClose (tracer), exit 0.
 *
 * @example
 * await bootstrapGrpcService({
 *   module: AppModule,
 *   server: { url: '0.0.0.0:50052', protoFiles: [productV1.SERVICE_PROTO], packages: [productV1.PACKAGE] },
 *   instance: { name: 'product-service', version, port: 50052 },
 *   healthServices: ['acme.product.v1.ProductService'],
 *   readiness: (app) => () => app.get<DatabaseHandle>(DATABASE).ping(),
 *   drainMs: 10_000,
 * });
 */
export async function bootstrapGrpcService(options: GrpcServiceBootstrapOptions): Promise<INestMicroservice> {
  const health = new HealthService({ services: [...options.healthServices], recheckIntervalMs: options.healthRecheckMs ?? 5_000 });
  // Nest 12's gRPC transport does not support app.unwrap(): keep the grpc-js server it hands us.
  let grpcServer: Server | undefined;
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(options.module, {
    ...grpcServerOptions({
      ...options.server,
      addServices: (server) => {
        grpcServer = server;
        health.addToServer(server);
        options.server.addServices?.(server);
      },
    }),
    bufferLogs: true,
    // Failures at boot reject (and are logged by main) instead of Nest aborting the process,
    // and app.get() of an optional provider throws instead of exiting.
    abortOnError: false,
  });
  const logger = useStructuredLogger(app);
  await app.listen();
  if (options.readiness) health.setReadinessCheck(options.readiness(app));
  await health.start();

  const registry = optional<Registry>(app, REGISTRY);
  const registration = registry?.registrationFor({ name: options.instance.name, port: options.instance.port, version: options.instance.version });
  await registration?.start();
  logger.log(`gRPC server listening on ${options.server.url}`);

  let stopping: Promise<void> | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    stopping ??= (async () => {
      logger.log(`${signal} received: draining for at most ${options.drainMs} ms`);
      try {
        health.shutdown();
        if (registration && registry?.registrar) {
          await registration.stop();
          await new Promise((resolve) => setTimeout(resolve, DEREGISTRATION_GRACE_MS));
        }
        await options.beforeDrain?.(app);
        if (grpcServer) await drain(grpcServer, options.drainMs);
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

function optional<T>(app: INestMicroservice, token: symbol | Type<T>): T | undefined {
  try {
    // Through ModuleRef: the app proxy logs every failed lookup as an error before rethrowing.
    return app.get(ModuleRef).get<T>(token, { strict: false });
  } catch {
    return undefined;
  }
}

function useStructuredLogger(app: INestMicroservice): NestLogger | Logger {
  const logger = optional(app, Logger);
  if (logger) {
    app.useLogger(logger);
    return logger;
  }
  // The app did not import LoggingModule: keep Nest's default logger.
  app.flushLogs();
  return new NestLogger('Bootstrap');
}
