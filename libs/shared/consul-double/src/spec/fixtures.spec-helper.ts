import { HealthService } from '@acme/health';
import { Client, type ChannelOptions, credentials, type MethodDefinition, Server, ServerCredentials } from '@grpc/grpc-js';

const identity = (value: Buffer): Buffer => value;

/** A raw unary method answering with the server's name, to see which instance served a call. */
const whoAmI: MethodDefinition<Buffer, Buffer> = {
  path: '/test.Echo/WhoAmI',
  requestStream: false,
  responseStream: false,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
};

export const silentLogger = { log: (): void => undefined, warn: (): void => undefined };

/** A real grpc-js server on a free port with grpc.health.v1 (SERVING) and the echo method. */
export interface TestInstance {
  readonly name: string;
  readonly port: number;
  readonly health: HealthService;
  /** Hard stop: connections drop and the port closes, as if the process was SIGKILLed. */
  kill(): void;
}

export async function startTestInstance(name: string, healthServices: readonly string[] = []): Promise<TestInstance> {
  const server = new Server();
  const health = new HealthService({ services: healthServices, logger: silentLogger });
  health.addToServer(server);
  server.addService({ WhoAmI: whoAmI }, { WhoAmI: (_call: unknown, callback: (error: null, value: Buffer) => void) => callback(null, Buffer.from(name)) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  await health.start();
  return {
    name,
    port,
    health,
    kill: () => {
      health.shutdown();
      server.forceShutdown();
    },
  };
}

/** Calls WhoAmI over one channel. */
export class EchoClient {
  private readonly client: Client;

  constructor(target: string, options: ChannelOptions = {}) {
    this.client = new Client(target, credentials.createInsecure(), options);
  }

  whoAmI(timeoutMs = 2_000): Promise<string> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(whoAmI.path, identity, identity, Buffer.alloc(0), { deadline: Date.now() + timeoutMs }, (error, value) =>
        error ? reject(error) : resolve(value?.toString() ?? ''),
      );
    });
  }

  /** Names of the instances that answered `count` sequential calls. */
  async burst(count: number): Promise<string[]> {
    const names: string[] = [];
    for (let i = 0; i < count; i += 1) names.push(await this.whoAmI());
    return names;
  }

  close(): void {
    this.client.close();
  }
}


/** A Consul HTTP call with the parsed body and X-Consul-Index. */
export async function consulGet(url: string, init: RequestInit = {}): Promise<{ status: number; index: number; body: unknown }> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Errors come back as plain text, as from Consul.
  }
  return { status: response.status, index: Number(response.headers.get('x-consul-index') ?? 0), body };
}
