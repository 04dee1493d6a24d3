import { type DomainError, type FieldViolation } from './domain-error';
import { httpStatusOf } from './http-status';

/** RFC 9457 problem details as every HTTP error of the gateway is shaped. */
export interface ProblemDetails {
  /** Stable URI of the problem type: https://acme.dev/problems/<reason in kebab case>. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The stable reason ("INSUFFICIENT_STOCK"); what clients match on. */
  readonly code: string;
  /** W3C trace id of the request, to find its trace and logs. */
  readonly traceId?: string;
  readonly errors?: readonly { field: string; description: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * The problem+json body for a DomainError. `httpStatus` overrides the table for edge-only
 * failures with no gRPC equivalent (413 payload too large, 415 unsupported media type).
 * 5xx details are replaced by the title, so internals never leak.
 */
export function toProblemDetails(error: DomainError, options: { traceId?: string; httpStatus?: number } = {}): ProblemDetails {
  const status = options.httpStatus ?? httpStatusOf(error.status);
  const title = TITLES[status] ?? 'Error';
  const errors: readonly FieldViolation[] = error.fieldViolations;
  return {
    type: `https://acme.dev/problems/${error.reason.toLowerCase().replaceAll('_', '-')}`,
    title,
    status,
    detail: status >= 500 ? title : error.message,
    code: error.reason,
    ...(options.traceId === undefined ? {} : { traceId: options.traceId }),
    ...(errors.length === 0 ? {} : { errors: errors.map(({ field, description }) => ({ field, description })) }),
  };
}
