import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { productV1, protoPath, reasonName, toTimestamp, userV1 } from './index';

describe('contracts helpers', () => {
  it('names reasons as they travel in ErrorInfo', () => {
    expect(reasonName(productV1.ErrorReason, productV1.ErrorReason.ERROR_REASON_INSUFFICIENT_STOCK)).toBe('INSUFFICIENT_STOCK');
    expect(reasonName(userV1.ErrorReason, userV1.ErrorReason.ERROR_REASON_EMAIL_ALREADY_EXISTS)).toBe('EMAIL_ALREADY_EXISTS');
    expect(() => reasonName(productV1.ErrorReason, productV1.ErrorReason.UNRECOGNIZED)).toThrow();
  });

  it('converts dates to Timestamps without losing milliseconds', () => {
    expect(toTimestamp(new Date(1_500))).toEqual({ seconds: 1, nanos: 500_000_000 });
    expect(toTimestamp(new Date(-1))).toEqual({ seconds: -1, nanos: 999_000_000 });
  });

  it('points at the proto files the services load', () => {
    for (const file of [userV1.SERVICE_PROTO, productV1.SERVICE_PROTO]) expect(existsSync(protoPath(file))).toBe(true);
  });

  it('encodes and decodes messages with the generated codecs', () => {
    const request: productV1.ReserveStockRequest = { orderId: 'o1', items: [{ productId: 'p1', quantity: 3 }] };
    expect(productV1.ReserveStockRequest.decode(productV1.ReserveStockRequest.encode(request).finish())).toEqual(request);
  });
});
