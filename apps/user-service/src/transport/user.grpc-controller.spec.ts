import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Channel, status as GrpcStatus } from '@grpc/grpc-js';
import { type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions } from '@nestjs/microservices';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokenVerifier, loadVerificationKey } from '@acme/auth';
import { loadConfig } from '@acme/config';
import { userV1 } from '@acme/contracts';
import { RemoteError } from '@acme/errors';
import { createGrpcChannel, createGrpcClient, type GrpcClient } from '@acme/grpc-client';
import { grpcServerOptions } from '@acme/grpc-server';
import { createTestDatabase, freePort, type TestDatabase } from '@acme/testing';
import { AppModule } from '../app.module';
import { configSchema } from '../config';

async function remoteErrorOf(call: Promise<unknown>): Promise<RemoteError> {
  const error = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(RemoteError);
  return error as RemoteError;
}

// The real service (AppModule: PGlite, migrations, scrypt, dev key pair) on a free port,
// called over gRPC the way the gateway and the order service call it.
describe('UserService over gRPC', () => {
  let workDir: string;
  let database: TestDatabase;
  let app: INestMicroservice;
  let channel: Channel;
  let users: GrpcClient<userV1.UserServiceDefinition>;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'user-service-'));
    database = await createTestDatabase('pglite');
    const port = await freePort();
    const config = loadConfig(configSchema, { NODE_ENV: 'test', LOG_LEVEL: 'warn', GRPC_PORT: String(port), DATA_DIR: database.dataDir, JWT_KEY_DIR: join(workDir, 'keys') });
    app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule.forRoot(config), {
      ...grpcServerOptions({ url: `127.0.0.1:${port}`, protoFiles: [userV1.SERVICE_PROTO], packages: [userV1.PACKAGE] }),
      logger: false,
      abortOnError: false,
    });
    await app.listen();
    channel = createGrpcChannel(`127.0.0.1:${port}`, { definitions: [userV1.UserServiceDefinition] });
    users = createGrpcClient(userV1.UserServiceDefinition, channel, { defaultTimeoutMs: 10_000 });
  });

  afterAll(async () => {
    channel?.close();
    await app?.close();
    await database?.drop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('creates a user and gets it back, without any password field', async () => {
    const { user } = await users.createUser({ email: 'Ada@Example.com', name: 'Ada Lovelace', password: 'correct horse' });
    expect(user).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      email: 'Ada@Example.com',
      name: 'Ada Lovelace',
      createTime: { seconds: expect.any(Number), nanos: expect.any(Number) },
    });
    expect(Math.abs((user?.createTime?.seconds ?? 0) - Date.now() / 1000)).toBeLessThan(60);
    await expect(users.getUser({ id: user?.id ?? '' })).resolves.toEqual({ user });
  });

  it('refuses a taken email in any case with ALREADY_EXISTS / EMAIL_ALREADY_EXISTS', async () => {
    await users.createUser({ email: 'grace@example.com', name: 'Grace', password: 'password-1' });
    const error = await remoteErrorOf(users.createUser({ email: 'GRACE@Example.com', name: 'Grace 2', password: 'password-2' }));
    expect(error).toMatchObject({ status: GrpcStatus.ALREADY_EXISTS, reason: 'EMAIL_ALREADY_EXISTS', domain: 'user.acme.dev' });
  });

  it('lets one of several concurrent registrations of an email win', async () => {
    const attempts = await Promise.allSettled(
      ['race@example.com', 'Race@example.com', 'RACE@example.com'].map((email) => users.createUser({ email, name: 'Racer', password: 'password-1' })),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    for (const attempt of attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected')) {
      expect(attempt.reason).toMatchObject({ status: GrpcStatus.ALREADY_EXISTS, reason: 'EMAIL_ALREADY_EXISTS' });
    }
  });

  it('answers NOT_FOUND / USER_NOT_FOUND for an unknown id', async () => {
    const id = '0b7e3c4d-5a6f-4b8c-9d0e-1f2a3b4c5d6e';
    const error = await remoteErrorOf(users.getUser({ id }));
    expect(error).toMatchObject({ status: GrpcStatus.NOT_FOUND, reason: 'USER_NOT_FOUND', domain: 'user.acme.dev', metadata: { user_id: id } });
  });

  it('answers INVALID_ARGUMENT / VALIDATION_FAILED with field violations for bad input', async () => {
    const malformedId = await remoteErrorOf(users.getUser({ id: 'not-a-uuid' }));
    expect(malformedId).toMatchObject({ status: GrpcStatus.INVALID_ARGUMENT, reason: 'VALIDATION_FAILED', domain: 'user.acme.dev' });
    expect(malformedId.fieldViolations).toEqual([{ field: 'id', description: 'must be a UUID' }]);

    const badUser = await remoteErrorOf(users.createUser({ email: 'nope', name: '', password: 'short' }));
    expect(badUser).toMatchObject({ status: GrpcStatus.INVALID_ARGUMENT, reason: 'VALIDATION_FAILED' });
    expect(badUser.fieldViolations).toEqual([
      { field: 'email', description: 'must be a valid email address' },
      { field: 'name', description: 'is required' },
      { field: 'password', description: 'must be at least 8 characters' },
    ]);

    const noCredentials = await remoteErrorOf(users.authenticate({ email: '', password: '' }));
    expect(noCredentials.fieldViolations.map((violation) => violation.field)).toEqual(['email', 'password']);
  });

  it('authenticates with a token the gateway can verify from the shared key directory', async () => {
    const { user } = await users.createUser({ email: 'Linus@Example.com', name: 'Linus', password: 'penguins rock' });
    const response = await users.authenticate({ email: 'linus@example.com', password: 'penguins rock' });
    expect(response).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    const verifier = new AccessTokenVerifier(await loadVerificationKey({ keyDir: join(workDir, 'keys') }));
    await expect(verifier.verify(response.accessToken)).resolves.toEqual({ userId: user?.id, email: 'Linus@Example.com' });
  });

  it('answers UNAUTHENTICATED / INVALID_CREDENTIALS alike for a wrong password and an unknown email', async () => {
    await users.createUser({ email: 'margaret@example.com', name: 'Margaret', password: 'apollo 11 code' });
    const wrongPassword = await remoteErrorOf(users.authenticate({ email: 'margaret@example.com', password: 'apollo 13 code' }));
    const unknownEmail = await remoteErrorOf(users.authenticate({ email: 'nobody@example.com', password: 'apollo 11 code' }));
    for (const error of [wrongPassword, unknownEmail]) {
      expect(error).toMatchObject({ status: GrpcStatus.UNAUTHENTICATED, reason: 'INVALID_CREDENTIALS', message: 'invalid email or password' });
    }
  });
});
