import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * gRPC status -> HTTP status, the standard google.rpc.Code mapping as grpc-gateway v2 uses it.
 * A Record over the enum, so adding a code without a mapping does not compile.
 */
export const HTTP_STATUS_BY_GRPC_STATUS: Readonly<Record<GrpcStatus, number>> = {
  [GrpcStatus.OK]: 200,
  [GrpcStatus.CANCELLED]: 499,
  [GrpcStatus.UNKNOWN]: 500,
  [GrpcStatus.INVALID_ARGUMENT]: 400,
  [GrpcStatus.DEADLINE_EXCEEDED]: 504,
  [GrpcStatus.NOT_FOUND]: 404,
  [GrpcStatus.ALREADY_EXISTS]: 409,
  [GrpcStatus.PERMISSION_DENIED]: 403,
  [GrpcStatus.RESOURCE_EXHAUSTED]: 429,
  [GrpcStatus.FAILED_PRECONDITION]: 400,
  [GrpcStatus.ABORTED]: 409,
  [GrpcStatus.OUT_OF_RANGE]: 400,
  [GrpcStatus.UNIMPLEMENTED]: 501,
  [GrpcStatus.INTERNAL]: 500,
  [GrpcStatus.UNAVAILABLE]: 503,
  [GrpcStatus.DATA_LOSS]: 500,
  [GrpcStatus.UNAUTHENTICATED]: 401,
};

/** HTTP status for a gRPC status; 500 for a code outside the enum. */
export function httpStatusOf(status: number): number {
  return HTTP_STATUS_BY_GRPC_STATUS[status as GrpcStatus] ?? 500;
}
