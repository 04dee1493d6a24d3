// Creates the development JWT key pair on the first `docker compose up` (the jwt-keys service),
// so no key is ever committed. Keeps existing keys: tokens stay valid across restarts.
// Writes <privateDir>/private.pem (readable by the app user only) and <publicDir>/public.pem.
//   node generate-jwt-keys.mjs <privateDir> <publicDir> [uid]
import { generateKeyPairSync } from 'node:crypto';
import { chownSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [privateDir, publicDir, uid = '1000'] = process.argv.slice(2);
if (!privateDir || !publicDir) {
  console.error('usage: node generate-jwt-keys.mjs <privateDir> <publicDir> [uid]');
  process.exit(2);
}
const privateFile = join(privateDir, 'private.pem');
const publicFile = join(publicDir, 'public.pem');

if (existsSync(privateFile) && existsSync(publicFile)) {
  console.log('JWT keys exist; keeping them');
} else {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  writeFileSync(privateFile, privateKey, { mode: 0o400 });
  writeFileSync(publicFile, publicKey, { mode: 0o444 });
  // The apps run as this uid (the image's `node` user); the private key is theirs alone.
  chownSync(privateFile, Number(uid), Number(uid));
  console.log('JWT keys created (ES256, P-256)');
}
