import { status as GrpcStatus } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@acme/errors';
import { authenticateRequestSchema, createUserRequestSchema, getUserRequestSchema } from './user-request.schemas';
import { validateRequest } from './validate-request';

function violationsOf(run: () => unknown): { field: string; description: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: GrpcStatus.INVALID_ARGUMENT, reason: 'VALIDATION_FAILED', domain: 'user.acme.dev' });
    return [...(error as DomainError).fieldViolations];
  }
  throw new Error('expected a validation error');
}

const valid = { email: 'Ada@Example.com', name: 'Ada Lovelace', password: 'correct horse' };

describe('CreateUserRequest validation', () => {
  it('accepts a valid request, trimming email and name but never the password', () => {
    expect(validateRequest(createUserRequestSchema, { email: ' Ada@Example.com ', name: ' Ada ', password: ' spaced pw ' })).toEqual({
      email: 'Ada@Example.com',
      name: 'Ada',
      password: ' spaced pw ',
    });
  });

  it('accepts the boundaries: 254-char email, 100-char name, 8- and 128-char passwords', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.io`;
    expect(email).toHaveLength(254);
    for (const password of ['x'.repeat(8), 'x'.repeat(128)]) {
      expect(() => validateRequest(createUserRequestSchema, { email, name: 'n'.repeat(100), password })).not.toThrow();
    }
  });

  it('reports every invalid field with a description and no value', () => {
    const violations = violationsOf(() => validateRequest(createUserRequestSchema, { email: 'not-an-email', name: '   ', password: 'short' }));
    expect(violations).toEqual([
      { field: 'email', description: 'must be a valid email address' },
      { field: 'name', description: 'is required' },
      { field: 'password', description: 'must be at least 8 characters' },
    ]);
  });

  it('refuses too long values', () => {
    const email = `${'a'.repeat(250)}@b.io`;
    const violations = violationsOf(() => validateRequest(createUserRequestSchema, { email, name: 'n'.repeat(101), password: 'p'.repeat(129) }));
    expect(violations).toEqual([
      { field: 'email', description: 'must be at most 254 characters' },
      { field: 'name', description: 'must be at most 100 characters' },
      { field: 'password', description: 'must be at most 128 characters' },
    ]);
  });

  it('refuses an empty request (all proto3 defaults)', () => {
    expect(violationsOf(() => validateRequest(createUserRequestSchema, { email: '', name: '', password: '' })).map((v) => v.field)).toEqual([
      'email',
      'name',
      'password',
    ]);
    expect(validateRequest(createUserRequestSchema, valid)).toEqual(valid);
  });
});

describe('GetUserRequest validation', () => {
  it('accepts a UUID and refuses anything else', () => {
    const id = '3f2b8e4c-1d5a-4c6e-9f7b-2a1d0c9e8b7a';
    expect(validateRequest(getUserRequestSchema, { id })).toEqual({ id });
    expect(violationsOf(() => validateRequest(getUserRequestSchema, { id: 'not-a-uuid' }))).toEqual([{ field: 'id', description: 'must be a UUID' }]);
    expect(violationsOf(() => validateRequest(getUserRequestSchema, { id: '' }))).toEqual([{ field: 'id', description: 'must be a UUID' }]);
  });
});

describe('AuthenticateRequest validation', () => {
  it('checks presence only, so policy violations fail later as bad credentials', () => {
    expect(validateRequest(authenticateRequestSchema, { email: 'not-an-email', password: 'x' })).toEqual({ email: 'not-an-email', password: 'x' });
    expect(violationsOf(() => validateRequest(authenticateRequestSchema, { email: ' ', password: '' }))).toEqual([
      { field: 'email', description: 'is required' },
      { field: 'password', description: 'is required' },
    ]);
  });
});
