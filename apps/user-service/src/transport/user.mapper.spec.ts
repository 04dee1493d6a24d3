import { describe, expect, it } from 'vitest';
import { toTimestamp } from '@acme/contracts';
import { toAuthenticateResponse, toUserMessage } from './user.mapper';

describe('user mappers', () => {
  it('converts a Date to a protobuf Timestamp, keeping milliseconds as nanos', () => {
    expect(toTimestamp(new Date('2026-01-02T03:04:05.678Z'))).toEqual({ seconds: 1_767_323_045, nanos: 678_000_000 });
    expect(toTimestamp(new Date(0))).toEqual({ seconds: 0, nanos: 0 });
    // Before the epoch nanos stay positive, as google.protobuf.Timestamp requires.
    expect(toTimestamp(new Date(-1))).toEqual({ seconds: -1, nanos: 999_000_000 });
  });

  it('maps a user to the wire message with exactly the public fields', () => {
    const message = toUserMessage({ id: 'u-1', email: 'Ada@Example.com', name: 'Ada', createTime: new Date(1_500) });
    expect(message).toEqual({ id: 'u-1', email: 'Ada@Example.com', name: 'Ada', createTime: { seconds: 1, nanos: 500_000_000 } });
  });

  it('maps an issued token to AuthenticateResponse', () => {
    expect(toAuthenticateResponse({ accessToken: 'a.b.c', tokenType: 'Bearer', expiresIn: 3600 })).toEqual({
      accessToken: 'a.b.c',
      tokenType: 'Bearer',
      expiresIn: 3600,
    });
  });
});
