import { type Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';

/** Options of {@link drainAndClose} and {@link installGracefulShutdown}. */
export interface GracefulShutdownOptions {
  /** How long in-flight requests may take to finish; then their connections are closed. */
  readonly drainMs: number;
  /** Last step, after the app closed (flush the tracer). */
  readonly afterClose?: () => Promise<void>;
}

/**
 * Stops the gateway the graceful way: stop accepting connections, let in-flight requests
 * finish for at most `drainMs` (then close their connections), end SSE streams, close the gRPC
 * channels and the registry (Nest shutdown hooks), then `afterClose`.
 */
export async function drainAndClose(app: NestFastifyApplication, options: GracefulShutdownOptions): Promise<void> {
  const logger = new Logger('Shutdown');
  const server = app.getHttpServer() as Server;
  const force = setTimeout(() => {
    logger.warn(`in-flight requests still running after ${options.drainMs} ms: closing their connections`);
    server.closeAllConnections();
  }, options.drainMs);
  try {
    // Nest runs beforeApplicationShutdown (drain state, SSE streams end, health turns
    // shutting_down), closes Fastify (which waits for in-flight requests), then
    // onApplicationShutdown (gRPC channels, registry).
    await app.close();
  } finally {
    clearTimeout(force);
  }
  await options.afterClose?.();
}

/** On SIGTERM or SIGINT: {@link drainAndClose}, then exit 0 (1 if closing failed). */
export function installGracefulShutdown(app: NestFastifyApplication, options: GracefulShutdownOptions): void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining for at most ${options.drainMs} ms`);
    drainAndClose(app, options).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', error instanceof Error ? error.stack : String(error));
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
