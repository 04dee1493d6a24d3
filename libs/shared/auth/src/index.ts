/**
 * Access tokens: the user service signs them (`AccessTokenIssuer`), the gateway verifies them
 * locally (`AccessTokenVerifier`). Keys are asymmetric (Ed25519, or EC P-256 as deploy/jwt
 * creates them), configured as PEM or file, or else a development pair created once in a
 * shared directory.
 */
export { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type AccessTokenSubject, type IssuedAccessToken } from './access-token';
export { AccessTokenIssuer, type AccessTokenIssuerOptions } from './access-token.issuer';
export { AccessTokenVerifier, type AccessTokenVerifierOptions } from './access-token.verifier';
export { DEV_PRIVATE_KEY_FILE, DEV_PUBLIC_KEY_FILE, ensureDevKeyPair, type KeyPairPem, readDevPublicKey } from './dev-key-pair';
export { type JwsAlgorithm, jwsAlgorithmOf } from './jws-algorithm';
export { keyIdOf } from './key-id';
export { loadSigningKey, type SigningKey, signingKeyFromPem, type SigningKeyOptions } from './signing-key';
export { loadVerificationKey, type VerificationKey, verificationKeyFromPem, type VerificationKeyOptions } from './verification-key';
