import * as grpc from '@grpc/grpc-js';
import { DomainError, toGrpcErrorPayload } from '@acme/errors';
import { type MessageCodec, type ServiceDefinition } from '@acme/grpc-client';

/** A unary handler of a stub: the request and the grpc-js call (for its deadline). */
export type StubHandler = (request: never, call: grpc.ServerUnaryCall<unknown, unknown>) => Promise<unknown>;

/** A real grpc-js server on 127.0.0.1 and a free port, serving unary methods of a ts-proto definition. */
export interface StubServer {
  readonly target: string;
  stop(): Promise<void>;
}

/**
 * Serves `handlers` (by the definition's method keys) with the generated codecs, so stubs speak
 * exactly the wire format of the real services. A thrown DomainError travels as the real
 * services send it (google.rpc.Status details); methods without a handler answer UNIMPLEMENTED.
 */
export async function startStubServer(definition: ServiceDefinition, handlers: Record<string, StubHandler>): Promise<StubServer> {
  const service: grpc.ServiceDefinition = {};
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [key, handler] of Object.entries(handlers)) {
    const method = definition.methods[key];
    if (method === undefined) throw new Error(`${definition.fullName} has no method ${key}`);
    const requestType = method.requestType as MessageCodec<unknown>;
    const responseType = method.responseType as MessageCodec<unknown>;
    service[key] = {
      path: `/${definition.fullName}/${method.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (value: unknown) => Buffer.from(requestType.encode(value).finish()),
      requestDeserialize: (bytes: Buffer) => requestType.decode(bytes),
      responseSerialize: (value: unknown) => Buffer.from(responseType.encode(responseType.fromPartial(value as never)).finish()),
      responseDeserialize: (bytes: Buffer) => responseType.decode(bytes),
    };
    implementation[key] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      handler(call.request as never, call).then(
        (response) => callback(null, response),
        (error: unknown) =>
          callback(error instanceof DomainError ? toGrpcErrorPayload(error) : { code: grpc.status.INTERNAL, details: String(error) }),
      );
    };
  }
  const server = new grpc.Server();
  server.addService(service, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    target: `127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
