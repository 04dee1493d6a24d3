import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type IssuedAccessToken } from './access-token';
import { type SigningKey } from './signing-key';

export interface AccessTokenIssuerOptions {
  /** Lifetime of every token, in seconds. */
  readonly ttlSeconds: number;
}

/**
 * Signs access tokens: a JWS (EdDSA or ES256 by the key's type) with `sub` = user id, `email`,
 * `iss` 'user.acme.dev', `aud` 'acme', `iat`, `exp`, a random `jti` and the key's `kid`.
 *
 * @example
 * const issuer = new AccessTokenIssuer(await loadSigningKey({ keyDir }), { ttlSeconds: 3600 });
 * const { accessToken } = await issuer.issue({ id: user.id, email: user.email });
 */
export class AccessTokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly options: AccessTokenIssuerOptions,
  ) {
    if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds <= 0) {
      throw new Error(`ttlSeconds must be a positive integer, got ${options.ttlSeconds}`);
    }
  }

  async issue(user: { id: string; email: string }): Promise<IssuedAccessToken> {
    const issuedAt = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({ email: user.email })
      .setProtectedHeader({ alg: this.key.algorithm, kid: this.key.keyId, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.options.ttlSeconds)
      .setJti(randomUUID())
      .sign(this.key.privateKey);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.options.ttlSeconds };
  }
}
