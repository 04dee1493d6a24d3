import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type CryptoKey, importPKCS8 } from 'jose';
import { ensureDevKeyPair } from './dev-key-pair';
import { type JwsAlgorithm, jwsAlgorithmOf } from './jws-algorithm';
import { keyIdOf } from './key-id';

/** A private key ready to sign access tokens. Create it with `loadSigningKey`. */
export interface SigningKey {
  readonly algorithm: JwsAlgorithm;
  /** JWK thumbprint of the public half; sent as the JWS `kid` header. */
  readonly keyId: string;
  readonly privateKey: CryptoKey;
}

/** Where the signing key comes from, in this order of precedence. */
export interface SigningKeyOptions {
  /** The private key itself (PKCS8 PEM; SEC1 EC PEM is accepted too). */
  readonly privateKeyPem?: string;
  /** A file holding that PEM (a mounted secret). */
  readonly privateKeyFile?: string;
  /** Neither set: the development pair in this directory, created on first use. */
  readonly keyDir: string;
}

/**
 * Loads the key the user service signs access tokens with. With no key configured it uses the
 * development pair in `keyDir` (see `ensureDevKeyPair`), which the gateway reads too.
 *
 * @example
 * const key = await loadSigningKey({ privateKeyFile: config.JWT_PRIVATE_KEY_FILE, keyDir: '.data/keys' });
 */
export async function loadSigningKey(options: SigningKeyOptions): Promise<SigningKey> {
  const pem =
    options.privateKeyPem ??
    (options.privateKeyFile !== undefined ? await readFile(options.privateKeyFile, 'utf8') : (await ensureDevKeyPair(options.keyDir)).privateKeyPem);
  return signingKeyFromPem(pem);
}

/** A SigningKey from a private key PEM. */
export async function signingKeyFromPem(pem: string): Promise<SigningKey> {
  const keyObject = createPrivateKey(pem);
  const algorithm = jwsAlgorithmOf(keyObject);
  // Re-exported as PKCS8 because jose imports only that form.
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    algorithm,
    keyId: await keyIdOf(createPublicKey(keyObject)),
    privateKey: await importPKCS8(pkcs8, algorithm),
  };
}
