import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@acme/testing';
import { AccessTokenIssuer } from './access-token.issuer';
import { AccessTokenVerifier } from './access-token.verifier';
import { ensureDevKeyPair, readDevPublicKey } from './dev-key-pair';
import { loadSigningKey } from './signing-key';
import { loadVerificationKey } from './verification-key';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'acme-auth-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('development key pair', () => {
  it('agrees on one pair when many callers create it at once', async () => {
    const keyDir = join(tempDir(), 'nested', 'keys');
    // All calls find no key and generate one of their own; exactly one may win.
    const pairs = await Promise.all(Array.from({ length: 8 }, () => ensureDevKeyPair(keyDir)));
    expect(new Set(pairs.map((pair) => pair.privateKeyPem)).size).toBe(1);
    expect(new Set(pairs.map((pair) => pair.publicKeyPem)).size).toBe(1);
    expect(readdirSync(keyDir).sort()).toEqual(['private.pem', 'public.pem']);
    expect(statSync(join(keyDir, 'private.pem')).mode & 0o777).toBe(0o600);
    expect(pairs[0]?.privateKeyPem).toContain('BEGIN PRIVATE KEY');

    // Later starts keep the pair: tokens stay valid across restarts.
    expect(await ensureDevKeyPair(keyDir)).toEqual(pairs[0]);
  });

  it('agrees on one pair across processes starting at the same moment', async () => {
    const keyDir = join(tempDir(), 'keys');
    // Each child loads this module (Node strips the types), says "ready", waits for "go" on
    // stdin, then creates the pair and prints its public key: the calls really race.
    const script = [
      `import { ensureDevKeyPair } from ${JSON.stringify(join(__dirname, 'dev-key-pair.ts'))};`,
      `process.stdout.write('ready\\n');`,
      `process.stdin.once('data', async () => { const pair = await ensureDevKeyPair(${JSON.stringify(keyDir)}); process.stdout.write(JSON.stringify(pair.publicKeyPem) + '\\n'); process.exit(0); });`,
    ].join('\n');
    const children = Array.from({ length: 3 }, () => spawn(process.execPath, ['--no-warnings', '--input-type=module', '-e', script]));
    const output = children.map(() => '');
    children.forEach((child, i) => child.stdout.on('data', (chunk: Buffer) => (output[i] += chunk.toString())));
    try {
      await waitFor(() => output.every((text) => text.startsWith('ready\n')), { timeoutMs: 15_000, what: 'children ready' });
      for (const child of children) child.stdin.write('go\n');
      const codes = await Promise.all(children.map(async (child: ChildProcessWithoutNullStreams) => (await once(child, 'exit'))[0]));
      expect(codes).toEqual([0, 0, 0]);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill();
    }
    const keys = output.map((text) => JSON.parse(text.slice('ready\n'.length).trim()) as string);
    expect(new Set(keys).size).toBe(1);
    expect((await ensureDevKeyPair(keyDir)).publicKeyPem).toBe(keys[0]);
    expect(readdirSync(keyDir).sort()).toEqual(['private.pem', 'public.pem']);
  });

  it('gives a signer and a verifier starting together the same key', async () => {
    const keyDir = tempDir();
    const [signing, verification] = await Promise.all([loadSigningKey({ keyDir }), loadVerificationKey({ keyDir })]);
    expect(signing.algorithm).toBe('EdDSA');
    expect(verification.keyId).toBe(signing.keyId);
    const { accessToken } = await new AccessTokenIssuer(signing, { ttlSeconds: 60 }).issue({ id: 'u1', email: 'a@b.co' });
    await expect(new AccessTokenVerifier(verification).verify(accessToken)).resolves.toEqual({ userId: 'u1', email: 'a@b.co' });
  });

  it('rewrites a public key that does not match the private key', async () => {
    const keyDir = tempDir();
    const pair = await ensureDevKeyPair(keyDir);
    const stale = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    writeFileSync(join(keyDir, 'public.pem'), stale);
    expect((await ensureDevKeyPair(keyDir)).publicKeyPem).toBe(pair.publicKeyPem);
    expect(await readDevPublicKey(keyDir)).toBe(pair.publicKeyPem);
  });

  it('uses a lone public key without creating a private one', async () => {
    const keyDir = tempDir();
    const publicKeyPem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    writeFileSync(join(keyDir, 'public.pem'), publicKeyPem);
    expect(await readDevPublicKey(keyDir)).toBe(publicKeyPem);
    expect(existsSync(join(keyDir, 'private.pem'))).toBe(false);
  });

  it('prefers configured keys and files over the key directory', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const dir = tempDir();
    const keyDir = join(dir, 'unused');
    writeFileSync(join(dir, 'private.pem'), privateKey);
    writeFileSync(join(dir, 'public.pem'), publicKey);

    const fromFiles = await Promise.all([loadSigningKey({ privateKeyFile: join(dir, 'private.pem'), keyDir }), loadVerificationKey({ publicKeyFile: join(dir, 'public.pem'), keyDir })]);
    const fromPem = await Promise.all([loadSigningKey({ privateKeyPem: privateKey, keyDir }), loadVerificationKey({ publicKeyPem: publicKey, keyDir })]);
    for (const [signing, verification] of [fromFiles, fromPem]) {
      expect(signing.algorithm).toBe('ES256');
      expect(verification.keyId).toBe(signing.keyId);
    }
    expect(existsSync(keyDir)).toBe(false);
  });
});
