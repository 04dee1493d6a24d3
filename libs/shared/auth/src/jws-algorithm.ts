import { type KeyObject } from 'node:crypto';

/** The asymmetric JWS algorithms access tokens may be signed with. */
export type JwsAlgorithm = 'EdDSA' | 'ES256' | 'ES384' | 'ES512';

const EC_ALGORITHM_BY_CURVE: Readonly<Record<string, JwsAlgorithm>> = {
  'prime256v1': 'ES256',
  'P-256': 'ES256',
  'secp384r1': 'ES384',
  'P-384': 'ES384',
  'secp521r1': 'ES512',
  'P-521': 'ES512',
};

/**
 * The JWS algorithm a key implies: Ed25519 -> EdDSA (what the dev pair uses), EC P-256/384/521
 * -> ES256/384/512 (what deploy/jwt generates). Deriving it from the key rather than from a
 * setting means signer and verifier cannot disagree, and `alg: none`/HMAC confusion is impossible.
 *
 * @throws Error for RSA, Ed448, X25519 and every other key type.
 */
export function jwsAlgorithmOf(key: KeyObject): JwsAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType === 'ec' && curve !== undefined && EC_ALGORITHM_BY_CURVE[curve] !== undefined) {
    return EC_ALGORITHM_BY_CURVE[curve];
  }
  throw new Error(`unsupported JWT key type ${key.asymmetricKeyType ?? key.type}: use Ed25519 or EC P-256/P-384/P-521`);
}
