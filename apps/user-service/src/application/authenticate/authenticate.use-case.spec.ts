import { generateKeyPairSync } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokenIssuer, AccessTokenVerifier, signingKeyFromPem, verificationKeyFromPem } from '@acme/auth';
import { type DatabaseHandle, openDatabase } from '@acme/database';
import { DrizzleUserRepository } from '../../infrastructure/drizzle-user.repository';
import { MIGRATIONS_FOLDER } from '../../infrastructure/migrations-folder';
import { ScryptPasswordHasher } from '../../infrastructure/scrypt-password.hasher';
import { AuthenticateUseCase } from './authenticate.use-case';

/** The real hasher, recording which hashes passwords were checked against. */
class RecordingHasher extends ScryptPasswordHasher {
  readonly hashed: string[] = [];
  readonly verifiedAgainst: string[] = [];

  override async hash(plain: string): Promise<string> {
    const hash = await super.hash(plain);
    this.hashed.push(hash);
    return hash;
  }

  override verify(plain: string, hash: string): Promise<boolean> {
    this.verifiedAgainst.push(hash);
    return super.verify(plain, hash);
  }
}

describe('AuthenticateUseCase', () => {
  let handle: DatabaseHandle;
  let passwords: RecordingHasher;
  let authenticate: AuthenticateUseCase;
  let verifier: AccessTokenVerifier;
  let userId: string;

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://', migrationsFolder: MIGRATIONS_FOLDER });
    const users = new DrizzleUserRepository(handle);
    passwords = new RecordingHasher({ cost: 2 ** 10, blockSize: 8, parallelization: 1 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const issuer = new AccessTokenIssuer(await signingKeyFromPem(privateKey), { ttlSeconds: 900 });
    verifier = new AccessTokenVerifier(await verificationKeyFromPem(publicKey));
    userId = (await users.create({ email: 'Ada@Example.com', name: 'Ada', passwordHash: await passwords.hash('correct horse') })).id;
    authenticate = new AuthenticateUseCase(users, passwords, issuer);
    await authenticate.onModuleInit();
  });

  afterAll(async () => {
    await handle?.close();
  });

  it('returns a bearer token for the user, whatever the case of the email', async () => {
    const token = await authenticate.execute({ email: 'ada@EXAMPLE.com', password: 'correct horse' });
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    await expect(verifier.verify(token.accessToken)).resolves.toEqual({ userId, email: 'Ada@Example.com' });
  });

  it('fails a wrong password and an unknown email with the same INVALID_CREDENTIALS', async () => {
    const wrongPassword = await authenticate.execute({ email: 'ada@example.com', password: 'wrong horse' }).catch((e: unknown) => e);
    const unknownEmail = await authenticate.execute({ email: 'nobody@example.com', password: 'correct horse' }).catch((e: unknown) => e);
    for (const error of [wrongPassword, unknownEmail]) {
      expect(error).toMatchObject({ status: GrpcStatus.UNAUTHENTICATED, reason: 'INVALID_CREDENTIALS', domain: 'user.acme.dev', message: 'invalid email or password', metadata: {} });
    }
  });

  it('spends a full password check on an unknown email too, against a throwaway hash made at start', async () => {
    const [userHash, throwawayHash] = passwords.hashed;
    passwords.verifiedAgainst.length = 0;
    await authenticate.execute({ email: 'nobody@example.com', password: 'x' }).catch(() => undefined);
    await authenticate.execute({ email: 'someone@example.com', password: 'y' }).catch(() => undefined);
    expect(passwords.verifiedAgainst).toEqual([throwawayHash, throwawayHash]);
    expect(throwawayHash).toMatch(/^scrypt\$1024\$/);
    expect(throwawayHash).not.toBe(userHash);
    expect(passwords.hashed).toHaveLength(2);
  });
});
