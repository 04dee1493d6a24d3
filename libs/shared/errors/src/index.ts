export { DEFAULT_ERROR_DOMAIN, DomainError, type DomainErrorOptions, type FieldViolation } from './domain-error';
export { HTTP_STATUS_BY_GRPC_STATUS, httpStatusOf } from './http-status';
export { PROBLEM_CONTENT_TYPE, type ProblemDetails, toProblemDetails } from './problem-details';
export { RemoteError } from './remote-error';
export { encodeStatusDetails, fromGrpcError, type GrpcErrorPayload, STATUS_DETAILS_KEY, toGrpcErrorPayload } from './status-details';
export { genericReason } from './status-reason';
export { INTERNAL_ERROR_MESSAGE, toDomainError } from './to-domain-error';
