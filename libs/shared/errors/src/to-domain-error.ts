import { status as GrpcStatus } from '@grpc/grpc-js';
import { DomainError } from './domain-error';

/** Message sent for every unexpected failure: internals stay in the server log. */
export const INTERNAL_ERROR_MESSAGE = 'internal error';

/**
 * Any thrown value as a DomainError. DomainErrors pass unchanged; an aborted call becomes
 * CANCELLED or DEADLINE_EXCEEDED; anything else becomes INTERNAL with a fixed message, and
 * `expected` is false so the caller logs it with its stack.
 */
export function toDomainError(error: unknown, domain?: string): { error: DomainError; expected: boolean } {
  if (error instanceof DomainError) return { error, expected: true };
  if (isAbortError(error)) {
    const timedOut = error.name === 'TimeoutError' || (error instanceof Error && error.cause instanceof Error && error.cause.name === 'TimeoutError');
    const status = timedOut ? GrpcStatus.DEADLINE_EXCEEDED : GrpcStatus.CANCELLED;
    const reason = timedOut ? 'DEADLINE_EXCEEDED' : 'CANCELLED';
    return { error: new DomainError(status, reason, timedOut ? 'deadline exceeded' : 'call cancelled', { domain }), expected: true };
  }
  return { error: new DomainError(GrpcStatus.INTERNAL, 'INTERNAL', INTERNAL_ERROR_MESSAGE, { domain, cause: error }), expected: false };
}

function isAbortError(error: unknown): error is Error {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
