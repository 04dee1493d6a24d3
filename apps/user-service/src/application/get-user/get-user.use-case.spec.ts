import { status as GrpcStatus } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '@acme/database';
import { DrizzleUserRepository } from '../../infrastructure/drizzle-user.repository';
import { MIGRATIONS_FOLDER } from '../../infrastructure/migrations-folder';
import { GetUserUseCase } from './get-user.use-case';

describe('GetUserUseCase', () => {
  let handle: DatabaseHandle;
  let users: DrizzleUserRepository;
  let getUser: GetUserUseCase;

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://', migrationsFolder: MIGRATIONS_FOLDER });
    users = new DrizzleUserRepository(handle);
    getUser = new GetUserUseCase(users);
  });

  afterAll(async () => {
    await handle?.close();
  });

  it('returns the user with that id', async () => {
    const created = await users.create({ email: 'linus@example.com', name: 'Linus', passwordHash: 'scrypt$x' });
    await expect(getUser.execute(created.id)).resolves.toEqual(created);
  });

  it('fails with USER_NOT_FOUND naming the id', async () => {
    const id = '7d9f8a52-3c1b-4e2d-8f6a-5b4c3d2e1f0a';
    await expect(getUser.execute(id)).rejects.toMatchObject({
      status: GrpcStatus.NOT_FOUND,
      reason: 'USER_NOT_FOUND',
      domain: 'user.acme.dev',
      metadata: { user_id: id },
    });
  });
});
