import { status as GrpcStatus } from '@grpc/grpc-js';
import { type HttpException } from '@nestjs/common';
import { genericReason, type DomainError } from '@acme/errors';
import { EdgeError } from './edge.error';
import { EdgeReason, GATEWAY_DOMAIN, malformedBody, payloadTooLarge, routeNotFound, unauthenticated, unsupportedMediaType } from './edge-errors';

/** The request facts a mapping may mention. */
export interface RequestFacts {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly bodyLimit: number;
}

/**
 * The gateway's error for an HttpException: one raised by Nest (the not-found handler) or a
 * Fastify error the adapter wrapped (content-type parsing, body limit), told apart by the
 * FST_ERR_* code of its cause. Only 4xx arrive here; 5xx stay unexpected errors.
 */
export function fromHttpException(exception: HttpException, request: RequestFacts): DomainError {
  switch (fastifyCodeOf(exception.cause)) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return malformedBody('the body is not valid JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return malformedBody('the body is empty, but Content-Type says JSON');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return malformedBody('Content-Length does not match the body');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return payloadTooLarge(`the body is larger than ${request.bodyLimit} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return unsupportedMediaType(request.contentType, 'application/json');
    default:
      return byStatus(exception, request);
  }
}

function byStatus(exception: HttpException, request: RequestFacts): DomainError {
  const status = exception.getStatus();
  switch (status) {
    case 401:
      return unauthenticated(exception.message);
    case 404:
      return routeNotFound(request.method, request.path);
    case 413:
      return payloadTooLarge(`the body is larger than ${request.bodyLimit} bytes`);
    case 415:
      return unsupportedMediaType(request.contentType, 'application/json');
    case 403:
      return edgeError(status, GrpcStatus.PERMISSION_DENIED, genericReason(GrpcStatus.PERMISSION_DENIED), exception.message);
    case 429:
      return edgeError(status, GrpcStatus.RESOURCE_EXHAUSTED, EdgeReason.RATE_LIMITED, exception.message);
    default:
      // Any other client error of the framework (a malformed URL, a method without a route):
      // the request itself is wrong, whatever the exact status.
      return edgeError(status, GrpcStatus.INVALID_ARGUMENT, EdgeReason.VALIDATION_FAILED, exception.message);
  }
}

function edgeError(httpStatus: number, status: GrpcStatus, reason: string, message: string): EdgeError {
  return new EdgeError(httpStatus, status, reason, message, { domain: GATEWAY_DOMAIN });
}

function fastifyCodeOf(cause: unknown): string | undefined {
  return cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
}
