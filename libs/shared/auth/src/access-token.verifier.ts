import { status as GrpcStatus } from '@grpc/grpc-js';
import { errors as joseErrors, jwtVerify } from 'jose';
import { commonV1, reasonName } from '@acme/contracts';
import { DomainError } from '@acme/errors';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type AccessTokenSubject } from './access-token';
import { type VerificationKey } from './verification-key';

export interface AccessTokenVerifierOptions {
  /** google.rpc.ErrorInfo domain of the errors raised ('gateway.acme.dev' in the gateway). */
  readonly domain?: string;
  /** Allowed clock skew between issuer and verifier, in seconds (default 5). */
  readonly clockToleranceSeconds?: number;
}

const UNAUTHENTICATED = reasonName(commonV1.ErrorReason, commonV1.ErrorReason.ERROR_REASON_UNAUTHENTICATED);

/**
 * Verifies access tokens locally (no call to the user service): signature with the one
 * configured key and its algorithm only, `kid` if present, `iss`, `aud`, `exp`, and the `sub`
 * and `email` claims. Every failure is DomainError(UNAUTHENTICATED, 'UNAUTHENTICATED') with a
 * fixed message that says what was wrong with the token, never why the library thought so.
 *
 * @example
 * const verifier = new AccessTokenVerifier(await loadVerificationKey({ keyDir }), { domain: 'gateway.acme.dev' });
 * const { userId } = await verifier.verify(bearerToken);
 */
export class AccessTokenVerifier {
  constructor(
    private readonly key: VerificationKey,
    private readonly options: AccessTokenVerifierOptions = {},
  ) {}

  async verify(token: string | undefined): Promise<AccessTokenSubject> {
    if (token === undefined || token === '') throw this.unauthenticated('access token is missing');
    let payload: Record<string, unknown>;
    try {
      const verified = await jwtVerify(token, this.key.publicKey, {
        algorithms: [this.key.algorithm],
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
      });
      if (verified.protectedHeader.kid !== undefined && verified.protectedHeader.kid !== this.key.keyId) {
        throw this.unauthenticated('access token was signed by another key');
      }
      payload = verified.payload;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw this.unauthenticated('access token has expired', error);
      throw this.unauthenticated('access token is invalid', error);
    }
    const { sub, email } = payload;
    if (typeof sub !== 'string' || sub === '' || typeof email !== 'string') throw this.unauthenticated('access token is invalid');
    return { userId: sub, email };
  }

  private unauthenticated(message: string, cause?: unknown): DomainError {
    return new DomainError(GrpcStatus.UNAUTHENTICATED, UNAUTHENTICATED, message, { domain: this.options.domain, cause });
  }
}
