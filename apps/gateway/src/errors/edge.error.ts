import { type status as GrpcStatus } from '@grpc/grpc-js';
import { DomainError, type DomainErrorOptions } from '@acme/errors';

/**
 * A failure found at the HTTP edge before any service was called. It carries the HTTP status
 * itself because some edge failures have no gRPC class of their own (413, 415); the gRPC
 * status is what onward code and logs see.
 */
export class EdgeError extends DomainError {
  constructor(
    readonly httpStatus: number,
    status: GrpcStatus,
    reason: string,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(status, reason, message, options);
    this.name = 'EdgeError';
  }
}
