import { type MethodDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { resolve } from 'node:path';

/**
 * The canonical grpc.health.v1 proto shipped with this library. Add it to server reflection
 * so that grpcurl and friends can describe the health service.
 */
// src/grpc and dist/grpc sit at the same depth, so one relative path serves both.
export const HEALTH_PROTO_PATH = resolve(__dirname, '..', '..', 'proto', 'health.proto');

/** Fully qualified name of the health service, as clients address it. */
export const HEALTH_SERVICE_NAME = 'grpc.health.v1.Health';

/** grpc.health.v1 `HealthCheckResponse.ServingStatus`, as enum names on the wire. */
export type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

/** grpc.health.v1 `HealthCheckRequest`; `service: ''` asks for the whole server. */
export interface HealthCheckRequest {
  service: string;
}

/** grpc.health.v1 `HealthCheckResponse`. */
export interface HealthCheckResponse {
  status: ServingStatus;
}

/** The grpc-js service definition of grpc.health.v1.Health with typed methods. */
export interface HealthServiceDefinition extends ServiceDefinition {
  Check: MethodDefinition<HealthCheckRequest, HealthCheckResponse>;
  Watch: MethodDefinition<HealthCheckRequest, HealthCheckResponse>;
}

let definition: HealthServiceDefinition | undefined;

/**
 * The grpc.health.v1.Health service definition, loaded once from {@link HEALTH_PROTO_PATH}
 * with enums as strings so statuses read as `'SERVING'` rather than `1`.
 */
export function healthServiceDefinition(): HealthServiceDefinition {
  if (!definition) {
    const pkg = loadSync(HEALTH_PROTO_PATH, { keepCase: true, enums: String, defaults: true });
    // proto-loader types every method as MethodDefinition<object, object>; the proto above
    // fixes the message shapes, so narrowing to the typed definition is sound.
    definition = pkg[HEALTH_SERVICE_NAME] as unknown as HealthServiceDefinition;
  }
  return definition;
}
