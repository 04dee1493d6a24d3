import { generateKeyPairSync } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DomainError } from '@acme/errors';
import { AccessTokenIssuer } from './access-token.issuer';
import { AccessTokenVerifier } from './access-token.verifier';
import { type SigningKey, signingKeyFromPem } from './signing-key';
import { type VerificationKey, verificationKeyFromPem } from './verification-key';

const user = { id: '6f1c1b9e-8f3e-4d7a-9c55-2f4f7b0f3c11', email: 'Ada@Example.com' };

async function pairOf(type: 'ed25519' | 'ec'): Promise<{ signing: SigningKey; verification: VerificationKey }> {
  const { privateKey, publicKey } =
    type === 'ed25519'
      ? generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
      : generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  return { signing: await signingKeyFromPem(privateKey), verification: await verificationKeyFromPem(publicKey) };
}

async function expectUnauthenticated(promise: Promise<unknown>, message: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({ status: GrpcStatus.UNAUTHENTICATED, reason: 'UNAUTHENTICATED', message, domain: 'gateway.acme.dev' });
}

describe('AccessTokenIssuer and AccessTokenVerifier', () => {
  let keys: { signing: SigningKey; verification: VerificationKey };
  let issuer: AccessTokenIssuer;
  let verifier: AccessTokenVerifier;

  beforeAll(async () => {
    keys = await pairOf('ed25519');
    issuer = new AccessTokenIssuer(keys.signing, { ttlSeconds: 3600 });
    verifier = new AccessTokenVerifier(keys.verification, { domain: 'gateway.acme.dev' });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('issues an EdDSA bearer token with the documented claims, which verifies', async () => {
    const issued = await issuer.issue(user);
    expect(issued).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    expect(decodeProtectedHeader(issued.accessToken)).toEqual({ alg: 'EdDSA', kid: keys.signing.keyId, typ: 'JWT' });
    const claims = decodeJwt(issued.accessToken);
    expect(claims).toMatchObject({ sub: user.id, email: user.email, iss: 'user.acme.dev', aud: 'acme' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expect(keys.signing.keyId).toBe(keys.verification.keyId);
    await expect(verifier.verify(issued.accessToken)).resolves.toEqual({ userId: user.id, email: user.email });
  });

  it('signs with ES256 when the key is EC P-256 (the deploy/jwt key pair)', async () => {
    const ec = await pairOf('ec');
    const { accessToken } = await new AccessTokenIssuer(ec.signing, { ttlSeconds: 60 }).issue(user);
    expect(decodeProtectedHeader(accessToken).alg).toBe('ES256');
    await expect(new AccessTokenVerifier(ec.verification).verify(accessToken)).resolves.toEqual({ userId: user.id, email: user.email });
  });

  it('refuses a missing token', async () => {
    await expectUnauthenticated(verifier.verify(''), 'access token is missing');
  });

  it('refuses an expired token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 3_600_000 - 60_000);
    const { accessToken } = await issuer.issue(user);
    vi.useRealTimers();
    await expectUnauthenticated(verifier.verify(accessToken), 'access token has expired');
  });

  it('refuses a token signed with another key', async () => {
    const other = await pairOf('ed25519');
    const { accessToken } = await new AccessTokenIssuer(other.signing, { ttlSeconds: 60 }).issue(user);
    await expectUnauthenticated(verifier.verify(accessToken), 'access token is invalid');
    // Same forgery without a kid header: the signature check alone refuses it.
    const unnamed = await new SignJWT({ email: user.email })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(user.id)
      .setIssuer('user.acme.dev')
      .setAudience('acme')
      .setExpirationTime('1h')
      .sign(other.signing.privateKey);
    await expectUnauthenticated(verifier.verify(unnamed), 'access token is invalid');
  });

  it('refuses a tampered token', async () => {
    const { accessToken } = await issuer.issue(user);
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    await expectUnauthenticated(verifier.verify(`${header}.${forged}.${signature}`), 'access token is invalid');
    await expectUnauthenticated(verifier.verify('not.a.jwt'), 'access token is invalid');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const { accessToken } = await issuer.issue(user);
    const payload = accessToken.split('.')[1];
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await expectUnauthenticated(verifier.verify(none), 'access token is invalid');
  });

  it('refuses a token from another issuer or for another audience', async () => {
    const sign = (issuerName: string, audience: string): Promise<string> =>
      new SignJWT({ email: user.email })
        .setProtectedHeader({ alg: 'EdDSA', kid: keys.signing.keyId })
        .setSubject(user.id)
        .setIssuer(issuerName)
        .setAudience(audience)
        .setExpirationTime('1h')
        .sign(keys.signing.privateKey);
    await expectUnauthenticated(verifier.verify(await sign('evil.example', 'acme')), 'access token is invalid');
    await expectUnauthenticated(verifier.verify(await sign('user.acme.dev', 'other')), 'access token is invalid');
  });

  it('refuses a token without the email claim', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: keys.signing.keyId })
      .setSubject(user.id)
      .setIssuer('user.acme.dev')
      .setAudience('acme')
      .setExpirationTime('1h')
      .sign(keys.signing.privateKey);
    await expectUnauthenticated(verifier.verify(token), 'access token is invalid');
  });

  it('rejects keys that are not Ed25519 or EC, and a non-positive ttl', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await expect(signingKeyFromPem(privateKey)).rejects.toThrow(/unsupported JWT key type rsa/);
    expect(() => new AccessTokenIssuer(keys.signing, { ttlSeconds: 0 })).toThrow(/ttlSeconds/);
  });
});
