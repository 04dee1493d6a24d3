import { type Server } from '@grpc/grpc-js';
import { type PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { type GrpcOptions, Transport } from '@nestjs/microservices';
import { PROTO_DIR, protoPath } from '@acme/contracts';

export interface GrpcServerOptions {
  /** host:port to listen on ("0.0.0.0:50052"); port 0 picks a free one. */
  readonly url: string;
  /** .proto files relative to PROTO_DIR (`productV1.SERVICE_PROTO`). */
  readonly protoFiles: readonly string[];
  /** Proto packages the controllers implement (`productV1.PACKAGE`). */
  readonly packages: readonly string[];
  /** Adds more services (grpc.health.v1) to the grpc-js server before it starts. */
  readonly addServices?: (server: Server) => void;
}

/**
 * proto-loader options that produce exactly the shapes ts-proto's interfaces describe:
 * camelCase fields, int64 as number, enums as numbers, defaults for absent fields.
 */
export const PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: Number,
  defaults: true,
  arrays: true,
  objects: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
} as const;

/**
 * Server keepalive accepting the pings @acme/grpc-client sends (every 30 s during calls) and
 * pinging idle clients so dead peers are noticed.
 */
export const SERVER_KEEPALIVE = {
  keepaliveTimeMs: 60_000,
  keepaliveTimeoutMs: 10_000,
  keepalivePermitWithoutCalls: 1,
  http2MinPingIntervalWithoutDataMs: 10_000,
  http2MaxPingStrikes: 2,
} as const;

/**
 * Nest gRPC transport options for a service: loads exactly the protos from proto/ (one copy),
 * turns on server reflection for every loaded package, and lets the caller add grpc.health.v1.
 * Shutdown is driven by bootstrapGrpcService (bounded drain), not by Nest's unbounded
 * tryShutdown, so gracefulShutdown stays off here.
 */
export function grpcServerOptions(options: GrpcServerOptions): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url: options.url,
      package: [...options.packages],
      protoPath: options.protoFiles.map(protoPath),
      loader: { ...PROTO_LOADER_OPTIONS, includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs] },
      keepalive: { ...SERVER_KEEPALIVE },
      gracefulShutdown: false,
      onLoadPackageDefinition: (pkg: PackageDefinition, server: Server) => {
        new ReflectionService(pkg).addToServer(server);
        options.addServices?.(server);
      },
    },
  };
}
