import { describe, expect, it } from 'vitest';
import { decodePageToken, encodePageToken } from './page-token';

describe('page tokens', () => {
  const cursor = { createTime: new Date('2026-03-04T05:06:07.089Z'), id: '0b7f8a3e-2a4d-4c59-9a43-6f3e2b1c0d9e' };

  it('round-trip a cursor through an opaque base64url string', () => {
    const token = encodePageToken(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(token)).toEqual(cursor);
  });

  it.each([
    ['not base64url', 'garbage!'],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['another shape', Buffer.from(JSON.stringify({ offset: 20 })).toString('base64url')],
    ['another version', Buffer.from(JSON.stringify({ v: 2, t: '2026-03-04T05:06:07.089Z', id: cursor.id })).toString('base64url')],
    ['a bad id', Buffer.from(JSON.stringify({ v: 1, t: '2026-03-04T05:06:07.089Z', id: 'x' })).toString('base64url')],
    ['a bad time', Buffer.from(JSON.stringify({ v: 1, t: 'yesterday', id: cursor.id })).toString('base64url')],
  ])('refuses %s with INVALID_PAGE_TOKEN', (_case, token) => {
    expect(() => decodePageToken(token)).toThrow(expect.objectContaining({ reason: 'INVALID_PAGE_TOKEN', status: 3 }));
  });
});
