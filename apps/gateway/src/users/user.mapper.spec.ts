import { describe, expect, it } from 'vitest';
import { toCreateUserMessage, toUserResponse } from './user.mapper';

describe('user mapper', () => {
  it('maps a user to JSON and a registration to its message', () => {
    expect(toUserResponse({ id: 'u1', email: 'a@b.co', name: 'Ada', createTime: { seconds: 60, nanos: 0 } })).toEqual({
      id: 'u1',
      email: 'a@b.co',
      name: 'Ada',
      createTime: '1970-01-01T00:01:00Z',
    });
    expect(toCreateUserMessage({ email: 'a@b.co', name: 'Ada', password: 'long enough' })).toEqual({ email: 'a@b.co', name: 'Ada', password: 'long enough' });
  });
});
