import { type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';

/**
 * The `kid` of a key pair: the RFC 7638 JWK thumbprint (SHA-256, base64url) of its public key.
 * Both sides compute it from the key alone, so no extra setting can drift.
 */
export function keyIdOf(publicKey: KeyObject): Promise<string> {
  return calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as JWK, 'sha256');
}
