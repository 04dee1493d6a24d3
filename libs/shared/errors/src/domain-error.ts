import { type status as GrpcStatus } from '@grpc/grpc-js';

/** One invalid request field, as in google.rpc.BadRequest.FieldViolation. */
export interface FieldViolation {
  /** Path of the field in the request, dot-separated ("items.0.quantity"). */
  readonly field: string;
  readonly description: string;
}

export interface DomainErrorOptions {
  /** Who defines the reason ("product.acme.dev"); google.rpc.ErrorInfo.domain. */
  readonly domain?: string;
  /** Facts about this occurrence, as strings ({ product_id, requested, available }). */
  readonly metadata?: Readonly<Record<string, string>>;
  readonly fieldViolations?: readonly FieldViolation[];
  readonly cause?: unknown;
}

/** The domain used when an error does not name one. */
export const DEFAULT_ERROR_DOMAIN = 'acme.dev';

/**
 * An expected failure with a gRPC status class and a stable reason code. The reason
 * (not the message, not `instanceof`) is what callers match on, because it survives every
 * process boundary: it travels as google.rpc.ErrorInfo and reaches HTTP clients as `code`.
 *
 * @example
 * throw new DomainError(GrpcStatus.NOT_FOUND, 'PRODUCT_NOT_FOUND', `product ${id} not found`, {
 *   domain: 'product.acme.dev',
 *   metadata: { product_id: id },
 * });
 */
export class DomainError extends Error {
  readonly domain: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly fieldViolations: readonly FieldViolation[];

  constructor(
    readonly status: GrpcStatus,
    readonly reason: string,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.domain = options.domain ?? DEFAULT_ERROR_DOMAIN;
    this.metadata = options.metadata ?? {};
    this.fieldViolations = options.fieldViolations ?? [];
  }
}
