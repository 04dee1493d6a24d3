import { DomainError, toDomainError } from '@acme/errors';
import { type OrderFailure } from './order';
import { ORDER_ERROR_DOMAIN } from './order-errors';

/** What is stored about a failure: the error as the caller received it (INTERNAL without internals). */
export function failureOf(error: unknown): OrderFailure {
  const { error: domainError } = toDomainError(error, ORDER_ERROR_DOMAIN);
  return {
    status: domainError.status,
    reason: domainError.reason,
    domain: domainError.domain,
    message: domainError.message,
    metadata: { ...domainError.metadata },
  };
}

/** The stored failure as an error again, to answer a duplicate of the failed request. */
export function failureError(failure: OrderFailure): DomainError {
  return new DomainError(failure.status, failure.reason, failure.message, { domain: failure.domain, metadata: failure.metadata });
}
