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


export const silentLogger = { log: (): void => undefined, warn: (): void => undefined };
