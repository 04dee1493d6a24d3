import { Server, ServerCredentials } from '@grpc/grpc-js';
import { type HealthService } from '../grpc/health.service';

/** A real grpc-js server on a free port serving grpc.health.v1 from `health`. */
export async function startHealthServer(health: HealthService): Promise<{ port: number; target: string; server: Server }> {
  const server = new Server();
  health.addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { port, target: `127.0.0.1:${port}`, server };
}

/** `T` without the falsy values `eventually` keeps polling through. */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/** Polls `probe` until it returns a truthy value (or stops throwing), within a bounded time. */
export async function eventually<T>(probe: () => T | Promise<T>, timeoutMs = 5_000, intervalMs = 20): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Truthy<T>;
      lastError = new Error('condition not met');
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const silentLogger = { log: (): void => undefined, warn: (): void => undefined };
