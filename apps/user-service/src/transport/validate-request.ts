import { status as GrpcStatus } from '@grpc/grpc-js';
import { type z } from 'zod';
import { commonV1, reasonName } from '@acme/contracts';
import { DomainError } from '@acme/errors';
import { USER_ERROR_DOMAIN } from '../domain/user.error';

const VALIDATION_FAILED = reasonName(commonV1.ErrorReason, commonV1.ErrorReason.ERROR_REASON_VALIDATION_FAILED);

/**
 * Parses a request message with `schema`, or throws INVALID_ARGUMENT (VALIDATION_FAILED) with
 * one field violation per problem, fields named in camelCase as the REST API shows them.
 * Only the schema's messages are reported, never the offending values (passwords among them).
 */
export function validateRequest<S extends z.ZodType>(schema: S, request: unknown): z.infer<S> {
  const result = schema.safeParse(request);
  if (result.success) return result.data;
  const fieldViolations = result.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), description: issue.message }));
  return failValidation(fieldViolations);
}

function failValidation(fieldViolations: { field: string; description: string }[]): never {
  const fields = [...new Set(fieldViolations.map((violation) => violation.field))].join(', ');
  throw new DomainError(GrpcStatus.INVALID_ARGUMENT, VALIDATION_FAILED, `invalid request: ${fields}`, { domain: USER_ERROR_DOMAIN, fieldViolations });
}
