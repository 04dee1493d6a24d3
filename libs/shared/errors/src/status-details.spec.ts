import { status as GrpcStatus } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error';
import { HTTP_STATUS_BY_GRPC_STATUS } from './http-status';
import { toProblemDetails } from './problem-details';
import { fromGrpcError, STATUS_DETAILS_KEY, toGrpcErrorPayload } from './status-details';
import { toDomainError } from './to-domain-error';

describe('status details', () => {
  it('round-trips reason, domain, metadata and field violations through the trailer', () => {
    const sent = new DomainError(GrpcStatus.FAILED_PRECONDITION, 'INSUFFICIENT_STOCK', 'only 2 left', {
      domain: 'product.acme.dev',
      metadata: { product_id: 'p1', available: '2' },
      fieldViolations: [{ field: 'items.0.quantity', description: 'too many' }],
    });
    const payload = toGrpcErrorPayload(sent);
    expect(payload.metadata.get(STATUS_DETAILS_KEY)[0]).toBeInstanceOf(Buffer);

    const received = fromGrpcError(payload.code, payload.details, payload.metadata, '/acme.product.v1.ProductService/ReserveStock');
    expect(received).toMatchObject({
      status: GrpcStatus.FAILED_PRECONDITION,
      reason: 'INSUFFICIENT_STOCK',
      domain: 'product.acme.dev',
      message: 'only 2 left',
      metadata: { product_id: 'p1', available: '2' },
      fieldViolations: [{ field: 'items.0.quantity', description: 'too many' }],
      method: '/acme.product.v1.ProductService/ReserveStock',
    });
  });

  it('falls back to the generic reason without a details trailer', () => {
    expect(fromGrpcError(GrpcStatus.UNAVAILABLE, 'connection refused')).toMatchObject({ reason: 'UNAVAILABLE', message: 'connection refused' });
  });
});

describe('gRPC -> HTTP mapping', () => {
  // The standard google.rpc.Code mapping (grpc-gateway v2), all 17 codes.
  const expected: Array<[keyof typeof GrpcStatus, number]> = [
    ['OK', 200],
    ['CANCELLED', 499],
    ['UNKNOWN', 500],
    ['INVALID_ARGUMENT', 400],
    ['DEADLINE_EXCEEDED', 504],
    ['NOT_FOUND', 404],
    ['ALREADY_EXISTS', 409],
    ['PERMISSION_DENIED', 403],
    ['RESOURCE_EXHAUSTED', 429],
    ['FAILED_PRECONDITION', 400],
    ['ABORTED', 409],
    ['OUT_OF_RANGE', 400],
    ['UNIMPLEMENTED', 501],
    ['INTERNAL', 500],
    ['UNAVAILABLE', 503],
    ['DATA_LOSS', 500],
    ['UNAUTHENTICATED', 401],
  ];

  it.each(expected)('%s -> %i', (name, http) => {
    expect(HTTP_STATUS_BY_GRPC_STATUS[GrpcStatus[name]]).toBe(http);
  });

  it('covers every code of the enum', () => {
    const codes = Object.values(GrpcStatus).filter((v): v is number => typeof v === 'number');
    expect(codes).toHaveLength(17);
    expect(Object.keys(HTTP_STATUS_BY_GRPC_STATUS).map(Number).sort((a, b) => a - b)).toEqual(codes.sort((a, b) => a - b));
  });
});

describe('toDomainError / toProblemDetails', () => {
  it('hides unexpected errors behind INTERNAL', () => {
    const { error, expected } = toDomainError(new Error('connection string postgres://secret'));
    expect(expected).toBe(false);
    const problem = toProblemDetails(error, { traceId: 'abc' });
    expect(problem).toEqual({
      type: 'https://acme.dev/problems/internal',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Internal Server Error',
      code: 'INTERNAL',
      traceId: 'abc',
    });
    expect(JSON.stringify(problem)).not.toContain('secret');
  });

  it('keeps the message, reason and field errors of expected errors', () => {
    const problem = toProblemDetails(
      new DomainError(GrpcStatus.INVALID_ARGUMENT, 'VALIDATION_FAILED', 'invalid request', {
        fieldViolations: [{ field: 'email', description: 'must be an email' }],
      }),
    );
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', detail: 'invalid request', errors: [{ field: 'email', description: 'must be an email' }] });
  });
});
