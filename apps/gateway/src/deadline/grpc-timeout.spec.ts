import { describe, expect, it } from 'vitest';
import { DomainError } from '@acme/errors';
import { parseGrpcTimeout } from './grpc-timeout';

describe('parseGrpcTimeout', () => {
  it.each([
    ['500m', 500],
    ['2S', 2_000],
    ['1M', 60_000],
    ['1H', 3_600_000],
    ['1500u', 2],
    ['1n', 1],
    ['99999999m', 99_999_999],
    [' 250m ', 250],
  ])('%s -> %i ms', (header, ms) => {
    expect(parseGrpcTimeout(header)).toBe(ms);
  });

  it('is undefined without the header and takes the first of repeated ones', () => {
    expect(parseGrpcTimeout(undefined)).toBeUndefined();
    expect(parseGrpcTimeout(['100m', '5S'])).toBe(100);
  });

  it.each(['', '5', 'm', '5s', '1.5S', '-1S', '123456789m', '5 S'])('refuses %j as VALIDATION_FAILED', (header) => {
    expect(() => parseGrpcTimeout(header)).toThrow(DomainError);
    try {
      parseGrpcTimeout(header);
    } catch (error) {
      expect(error).toMatchObject({ reason: 'VALIDATION_FAILED', fieldViolations: [{ field: 'grpc-timeout' }] });
    }
  });
});
