import { type status as GrpcStatus } from '@grpc/grpc-js';
import { DomainError, type DomainErrorOptions } from './domain-error';

/**
 * A DomainError received from another service: same status, reason, domain, metadata and
 * field violations as the callee raised, so a caller can tell PRODUCT_NOT_FOUND from
 * UNAVAILABLE and may rethrow it unchanged to its own caller.
 */
export class RemoteError extends DomainError {
  constructor(status: GrpcStatus, reason: string, message: string, options: DomainErrorOptions & { readonly method?: string } = {}) {
    super(status, reason, message, options);
    this.name = 'RemoteError';
    this.method = options.method;
  }

  /** The full gRPC method that failed ("/acme.product.v1.ProductService/GetProduct"). */
  readonly method: string | undefined;
}
