import { status as GrpcStatus } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '@acme/database';
import { DrizzleUserRepository } from '../../infrastructure/drizzle-user.repository';
import { MIGRATIONS_FOLDER } from '../../infrastructure/migrations-folder';
import { ScryptPasswordHasher } from '../../infrastructure/scrypt-password.hasher';
import { CreateUserUseCase } from './create-user.use-case';

describe('CreateUserUseCase', () => {
  let handle: DatabaseHandle;
  let users: DrizzleUserRepository;
  const passwords = new ScryptPasswordHasher({ cost: 2 ** 10, blockSize: 8, parallelization: 1 });
  let createUser: CreateUserUseCase;

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://', migrationsFolder: MIGRATIONS_FOLDER });
    users = new DrizzleUserRepository(handle);
    createUser = new CreateUserUseCase(users, passwords);
  });

  afterAll(async () => {
    await handle?.close();
  });

  it('registers a user and stores a scrypt hash, never the password', async () => {
    const user = await createUser.execute({ email: 'Ada@Example.com', name: 'Ada', password: 'correct horse' });
    expect(user).toEqual({ id: expect.any(String), email: 'Ada@Example.com', name: 'Ada', createTime: expect.any(Date) });
    const stored = await users.findCredentialsByEmail('ada@example.com');
    expect(stored?.user).toEqual(user);
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    expect(stored?.passwordHash).not.toContain('correct horse');
    await expect(passwords.verify('correct horse', stored?.passwordHash ?? '')).resolves.toBe(true);
  });

  it('refuses an email registered in another case', async () => {
    await createUser.execute({ email: 'grace@example.com', name: 'Grace', password: 'password-1' });
    await expect(createUser.execute({ email: 'GRACE@example.com', name: 'Other', password: 'password-2' })).rejects.toMatchObject({
      status: GrpcStatus.ALREADY_EXISTS,
      reason: 'EMAIL_ALREADY_EXISTS',
    });
  });
});
