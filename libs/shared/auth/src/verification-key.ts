import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type CryptoKey, importSPKI } from 'jose';
import { readDevPublicKey } from './dev-key-pair';
import { type JwsAlgorithm, jwsAlgorithmOf } from './jws-algorithm';
import { keyIdOf } from './key-id';

/** A public key ready to verify access tokens. Create it with `loadVerificationKey`. */
export interface VerificationKey {
  readonly algorithm: JwsAlgorithm;
  /** JWK thumbprint; tokens whose `kid` header names another key are refused. */
  readonly keyId: string;
  readonly publicKey: CryptoKey;
}

/** Where the verification key comes from, in this order of precedence. */
export interface VerificationKeyOptions {
  /** The public key itself (SPKI PEM). */
  readonly publicKeyPem?: string;
  /** A file holding that PEM (a mounted config map or secret). */
  readonly publicKeyFile?: string;
  /** Neither set: the public half of the development pair in this directory (created if missing). */
  readonly keyDir: string;
}

/**
 * Loads the key the gateway verifies access tokens with. With no key configured it uses the
 * development pair in `keyDir`, agreeing with a user service that starts at the same time.
 *
 * @example
 * const key = await loadVerificationKey({ publicKeyFile: config.JWT_PUBLIC_KEY_FILE, keyDir: '.data/keys' });
 */
export async function loadVerificationKey(options: VerificationKeyOptions): Promise<VerificationKey> {
  const pem =
    options.publicKeyPem ?? (options.publicKeyFile !== undefined ? await readFile(options.publicKeyFile, 'utf8') : await readDevPublicKey(options.keyDir));
  return verificationKeyFromPem(pem);
}

/** A VerificationKey from a public key PEM (SPKI; a private key PEM yields its public half). */
export async function verificationKeyFromPem(pem: string): Promise<VerificationKey> {
  const keyObject = createPublicKey(pem);
  const algorithm = jwsAlgorithmOf(keyObject);
  return {
    algorithm,
    keyId: await keyIdOf(keyObject),
    publicKey: await importSPKI(keyObject.export({ type: 'spki', format: 'pem' }).toString(), algorithm),
  };
}
