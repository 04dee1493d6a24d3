import { type MethodDefinition as GrpcMethodDefinition, Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { type ServiceDefinition } from '@acme/grpc-client';

/** The grpc-js form of a ts-proto generic service definition, for a server in a test. */
export function grpcServiceOf(definition: ServiceDefinition): Record<string, GrpcMethodDefinition<unknown, unknown>> {
  const methods: Record<string, GrpcMethodDefinition<unknown, unknown>> = {};
  for (const [key, method] of Object.entries(definition.methods)) {
    methods[key] = {
      path: `/${definition.fullName}/${method.name}`,
      originalName: key,
      requestStream: method.requestStream,
      responseStream: method.responseStream,
      requestSerialize: (value: unknown) => Buffer.from(method.requestType.encode(value).finish()),
      requestDeserialize: (bytes: Buffer) => method.requestType.decode(bytes),
      responseSerialize: (value: unknown) => Buffer.from(method.responseType.encode(method.responseType.fromPartial(value as never)).finish()),
      responseDeserialize: (bytes: Buffer) => method.responseType.decode(bytes),
    };
  }
  return methods;
}

/** A real grpc-js server on a free port of 127.0.0.1. */
export async function startGrpcServer(register: (server: Server) => void): Promise<{ server: Server; target: string }> {
  const server = new Server();
  register(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { server, target: `127.0.0.1:${port}` };
}

/** Adds a service implemented by `implementation` (keyed like the definition's methods). */
export function addService(server: Server, definition: ServiceDefinition, implementation: UntypedServiceImplementation): void {
  server.addService(grpcServiceOf(definition), implementation);
}
