import { status as GrpcStatus } from '@grpc/grpc-js';

/** `grpc_code` label value: the status name (OK, NOT_FOUND...), as go-grpc-prometheus reports it. */
export function grpcStatusName(code: number): string {
  const name: unknown = GrpcStatus[code];
  return typeof name === 'string' ? name : 'UNKNOWN';
}
