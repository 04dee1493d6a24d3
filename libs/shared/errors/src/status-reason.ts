import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * The generic reason for a status class, used when an error carries no ErrorInfo
 * (a transport failure, a deadline, a peer that does not send details).
 */
export function genericReason(status: GrpcStatus): string {
  switch (status) {
    case GrpcStatus.OK:
      return 'OK';
    case GrpcStatus.CANCELLED:
      return 'CANCELLED';
    case GrpcStatus.UNKNOWN:
    case GrpcStatus.INTERNAL:
    case GrpcStatus.DATA_LOSS:
      return 'INTERNAL';
    case GrpcStatus.INVALID_ARGUMENT:
      return 'VALIDATION_FAILED';
    case GrpcStatus.DEADLINE_EXCEEDED:
      return 'DEADLINE_EXCEEDED';
    case GrpcStatus.NOT_FOUND:
      return 'NOT_FOUND';
    case GrpcStatus.ALREADY_EXISTS:
      return 'ALREADY_EXISTS';
    case GrpcStatus.PERMISSION_DENIED:
      return 'PERMISSION_DENIED';
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return 'RATE_LIMITED';
    case GrpcStatus.FAILED_PRECONDITION:
      return 'FAILED_PRECONDITION';
    case GrpcStatus.ABORTED:
      return 'ABORTED';
    case GrpcStatus.OUT_OF_RANGE:
      return 'OUT_OF_RANGE';
    case GrpcStatus.UNIMPLEMENTED:
      return 'UNIMPLEMENTED';
    case GrpcStatus.UNAVAILABLE:
      return 'UNAVAILABLE';
    case GrpcStatus.UNAUTHENTICATED:
      return 'UNAUTHENTICATED';
    default: {
      const unreachable: never = status;
      throw new Error(`unknown gRPC status ${String(unreachable)}`);
    }
  }
}
