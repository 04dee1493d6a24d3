import { status as GrpcStatus } from '@grpc/grpc-js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '@acme/database';
import { DomainError } from '@acme/errors';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '@acme/testing';
import { DrizzleUserRepository } from './drizzle-user.repository';
import { MIGRATIONS_FOLDER } from './migrations-folder';

describe.each(testDatabaseKinds())('DrizzleUserRepository on %s', (kind) => {
  let target: TestDatabase;
  let handle: DatabaseHandle;
  let users: DrizzleUserRepository;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    handle = await openDatabase({ url: target.url, dataDir: target.dataDir, migrationsFolder: MIGRATIONS_FOLDER });
    users = new DrizzleUserRepository(handle);
  });

  afterAll(async () => {
    await handle?.close();
    await target?.drop();
  });

  it('stores a user with a generated id and creation time, and finds it by id', async () => {
    const before = Date.now();
    const created = await users.create({ email: 'Grace@Example.com', name: 'Grace', passwordHash: 'scrypt$hash-1' });
    expect(created).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), email: 'Grace@Example.com', name: 'Grace', createTime: expect.any(Date) });
    expect(created.createTime.getTime()).toBeGreaterThanOrEqual(before - 5_000);
    expect(created).not.toHaveProperty('passwordHash');
    await expect(users.findById(created.id)).resolves.toEqual(created);
    await expect(users.findById('00000000-0000-4000-8000-000000000000')).resolves.toBeUndefined();
  });

  it('finds credentials by email in any case', async () => {
    const created = await users.create({ email: 'Linus@Example.com', name: 'Linus', passwordHash: 'scrypt$hash-2' });
    await expect(users.findCredentialsByEmail('lINUS@example.COM')).resolves.toEqual({ user: created, passwordHash: 'scrypt$hash-2' });
    await expect(users.findCredentialsByEmail('nobody@example.com')).resolves.toBeUndefined();
  });

  it('refuses the same email in another case with EMAIL_ALREADY_EXISTS', async () => {
    await users.create({ email: 'ada@example.com', name: 'Ada', passwordHash: 'scrypt$hash-3' });
    const error = await users.create({ email: 'ADA@Example.COM', name: 'Ada 2', passwordHash: 'scrypt$secret-hash' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: GrpcStatus.ALREADY_EXISTS, reason: 'EMAIL_ALREADY_EXISTS', domain: 'user.acme.dev' });
    expect(String((error as Error).message)).not.toContain('secret-hash');
  });

  it('lets exactly one of many concurrent registrations of one email succeed', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => users.create({ email: i % 2 ? 'race@example.com' : 'RACE@example.com', name: `r${i}`, passwordHash: 'h' })),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const failures = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(failures).toHaveLength(7);
    for (const failure of failures) expect(failure.reason).toMatchObject({ reason: 'EMAIL_ALREADY_EXISTS' });
    const rows = await handle.db.execute<{ count: number }>(sql`select count(*)::int as count from users where lower(email) = 'race@example.com'`);
    expect(rows.rows[0]?.count).toBe(1);
  });

  it('does not put the password hash into the error of another failed insert', async () => {
    const error = await users.create({ email: 'nul\u0000l@example.com', name: 'x', passwordHash: 'scrypt$do-not-log-me' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(DomainError);
    expect((error as Error).message).toMatch(/^inserting a user failed/);
    expect(JSON.stringify({ message: (error as Error).message, cause: (error as Error).cause })).not.toContain('do-not-log-me');
  });
});
