import { status as GrpcStatus } from '@grpc/grpc-js';
import { reasonName, userV1 } from '@acme/contracts';
import { DomainError } from '@acme/errors';

/** google.rpc.ErrorInfo domain of every error the user service defines. */
export const USER_ERROR_DOMAIN = 'user.acme.dev';

const reason = (value: userV1.ErrorReason): string => reasonName(userV1.ErrorReason, value);

/** ALREADY_EXISTS: the email is registered already (compared case-insensitively). */
export function emailAlreadyExists(): DomainError {
  // The email stays out of the metadata: the caller knows it, and logs need not.
  return new DomainError(GrpcStatus.ALREADY_EXISTS, reason(userV1.ErrorReason.ERROR_REASON_EMAIL_ALREADY_EXISTS), 'a user with this email already exists', {
    domain: USER_ERROR_DOMAIN,
  });
}

/** NOT_FOUND: no user has this id. */
export function userNotFound(id: string): DomainError {
  return new DomainError(GrpcStatus.NOT_FOUND, reason(userV1.ErrorReason.ERROR_REASON_USER_NOT_FOUND), `user ${id} not found`, {
    domain: USER_ERROR_DOMAIN,
    metadata: { user_id: id },
  });
}

/** UNAUTHENTICATED: unknown email or wrong password; deliberately the same error for both. */
export function invalidCredentials(): DomainError {
  return new DomainError(GrpcStatus.UNAUTHENTICATED, reason(userV1.ErrorReason.ERROR_REASON_INVALID_CREDENTIALS), 'invalid email or password', {
    domain: USER_ERROR_DOMAIN,
  });
}
