import { status as GrpcStatus } from '@grpc/grpc-js';
import { commonV1, reasonName } from '@acme/contracts';
import { DomainError, type FieldViolation } from '@acme/errors';
import { EdgeError } from './edge.error';

/** google.rpc.ErrorInfo domain of the errors the gateway raises itself. */
export const GATEWAY_DOMAIN = 'gateway.acme.dev';

const { ErrorReason } = commonV1;
const reason = (value: commonV1.ErrorReason): string => reasonName(ErrorReason, value);

/** The shared reasons the edge reports, as they appear in problem+json `code`. */
export const EdgeReason = {
  VALIDATION_FAILED: reason(ErrorReason.ERROR_REASON_VALIDATION_FAILED),
  MALFORMED_BODY: reason(ErrorReason.ERROR_REASON_MALFORMED_BODY),
  PAYLOAD_TOO_LARGE: reason(ErrorReason.ERROR_REASON_PAYLOAD_TOO_LARGE),
  UNSUPPORTED_MEDIA_TYPE: reason(ErrorReason.ERROR_REASON_UNSUPPORTED_MEDIA_TYPE),
  ROUTE_NOT_FOUND: reason(ErrorReason.ERROR_REASON_ROUTE_NOT_FOUND),
  UNAUTHENTICATED: reason(ErrorReason.ERROR_REASON_UNAUTHENTICATED),
  UNAVAILABLE: reason(ErrorReason.ERROR_REASON_UNAVAILABLE),
  RATE_LIMITED: reason(ErrorReason.ERROR_REASON_RATE_LIMITED),
  CANCELLED: reason(ErrorReason.ERROR_REASON_CANCELLED),
  INTERNAL: reason(ErrorReason.ERROR_REASON_INTERNAL),
} as const;

/** 400: fields of the request failed validation. */
export function validationFailed(fieldViolations: readonly FieldViolation[]): DomainError {
  return new DomainError(GrpcStatus.INVALID_ARGUMENT, EdgeReason.VALIDATION_FAILED, 'the request has invalid fields', {
    domain: GATEWAY_DOMAIN,
    fieldViolations,
  });
}

/** 400: the body is not what its Content-Type says (not JSON, empty JSON). */
export function malformedBody(message: string): DomainError {
  return new DomainError(GrpcStatus.INVALID_ARGUMENT, EdgeReason.MALFORMED_BODY, message, { domain: GATEWAY_DOMAIN });
}

/** 413: the body is larger than the route accepts. */
export function payloadTooLarge(message: string): EdgeError {
  return new EdgeError(413, GrpcStatus.INVALID_ARGUMENT, EdgeReason.PAYLOAD_TOO_LARGE, message, { domain: GATEWAY_DOMAIN });
}

/** 415: the route does not accept the request's Content-Type. */
export function unsupportedMediaType(contentType: string | undefined, accepted: string): EdgeError {
  const sent = contentType === undefined || contentType === '' ? 'no content type' : `content type ${contentType}`;
  return new EdgeError(415, GrpcStatus.INVALID_ARGUMENT, EdgeReason.UNSUPPORTED_MEDIA_TYPE, `${sent} is not accepted; send ${accepted}`, {
    domain: GATEWAY_DOMAIN,
  });
}

/** 404: no route matches the method and path. */
export function routeNotFound(method: string, path: string): DomainError {
  return new DomainError(GrpcStatus.NOT_FOUND, EdgeReason.ROUTE_NOT_FOUND, `no route for ${method} ${path}`, { domain: GATEWAY_DOMAIN });
}

/** 401: credentials are missing or not acceptable. */
export function unauthenticated(message: string): DomainError {
  return new DomainError(GrpcStatus.UNAUTHENTICATED, EdgeReason.UNAUTHENTICATED, message, { domain: GATEWAY_DOMAIN });
}

/** 503: the gateway is draining before it stops. */
export function shuttingDown(): DomainError {
  return new DomainError(GrpcStatus.UNAVAILABLE, EdgeReason.UNAVAILABLE, 'the gateway is shutting down', { domain: GATEWAY_DOMAIN });
}

/** 499: the client went away before the answer (no one reads it; logged at debug). */
export function clientCancelled(message: string): DomainError {
  return new DomainError(GrpcStatus.CANCELLED, EdgeReason.CANCELLED, message, { domain: GATEWAY_DOMAIN });
}

/** 500: a backend broke its contract (a required message is missing). */
export function contractViolation(message: string): DomainError {
  return new DomainError(GrpcStatus.INTERNAL, EdgeReason.INTERNAL, message, { domain: GATEWAY_DOMAIN });
}
