import { Client, credentials, type MethodDefinition, Server, ServerCredentials, type ChannelOptions } from '@grpc/grpc-js';

const identity = (value: Buffer): Buffer => value;

/** A raw unary method answering with the server's name: no proto needed to see who served a call. */
const whoAmI: MethodDefinition<Buffer, Buffer> = {
  path: '/test.Echo/WhoAmI',
  requestStream: false,
  responseStream: false,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
};

/** A real grpc-js server on a free port. */
export interface EchoServer {
  readonly name: string;
  readonly port: number;
  readonly server: Server;
  /** Hard stop: connections drop as if the process died. */
  kill(): void;
}

export async function startEchoServer(name: string): Promise<EchoServer> {
  const server = new Server();
  server.addService({ WhoAmI: whoAmI }, { WhoAmI: (_call: unknown, callback: (error: null, value: Buffer) => void) => callback(null, Buffer.from(name)) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { name, port, server, kill: () => server.forceShutdown() };
}

/** A client calling WhoAmI over one channel. */
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

  /** Names of the servers that answered `count` sequential calls. */
  async burst(count: number): Promise<string[]> {
    const names: string[] = [];
    for (let i = 0; i < count; i += 1) names.push(await this.whoAmI());
    return names;
  }

  close(): void {
    this.client.close();
  }
}

