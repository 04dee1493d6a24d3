import { describe, expect, it } from 'vitest';
import { optionalRfc3339, toRfc3339 } from './timestamp.mapper';

describe('toRfc3339', () => {
  it.each([
    [{ seconds: 0, nanos: 0 }, '1970-01-01T00:00:00Z'],
    [{ seconds: 1_714_564_800, nanos: 0 }, '2024-05-01T12:00:00Z'],
    [{ seconds: 1_714_564_800, nanos: 120_000_000 }, '2024-05-01T12:00:00.120Z'],
    [{ seconds: 1_714_564_800, nanos: 123_456_000 }, '2024-05-01T12:00:00.123456Z'],
    [{ seconds: 1_714_564_800, nanos: 1 }, '2024-05-01T12:00:00.000000001Z'],
    [{ seconds: -1, nanos: 500_000_000 }, '1969-12-31T23:59:59.500Z'],
  ])('%o -> %s (proto3 JSON form, nothing lost)', (timestamp, expected) => {
    expect(toRfc3339(timestamp)).toBe(expected);
  });

  it('leaves an unset Timestamp out', () => {
    expect(optionalRfc3339(undefined)).toBeUndefined();
  });
});
