import { createPublicKey, generateKeyPair, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** File names of the development pair inside its key directory (as deploy/jwt writes them). */
export const DEV_PRIVATE_KEY_FILE = 'private.pem';
export const DEV_PUBLIC_KEY_FILE = 'public.pem';

/** A PEM key pair: PKCS8 private key and SPKI public key. */
export interface KeyPairPem {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * The Ed25519 development key pair in `keyDir`, created if missing. Safe when several processes
 * (user service and gateway starting together) or concurrent calls race: each writes a private
 * file of its own and hard-links it to `private.pem`, which fails for all but one; the others
 * read the winner's key. A file therefore appears only complete and never changes once there.
 * `public.pem` is derived from `private.pem` and replaced by rename, so it always matches.
 *
 * Hand-written because no maintained library offers an exclusive, atomic "create once" for files.
 */
export async function ensureDevKeyPair(keyDir: string): Promise<KeyPairPem> {
  await mkdir(keyDir, { recursive: true, mode: 0o700 });
  const privateFile = join(keyDir, DEV_PRIVATE_KEY_FILE);
  const privateKeyPem = (await readIfExists(privateFile)) ?? (await createOnce(privateFile, await generatePrivateKeyPem()));
  const publicKeyPem = publicPemOf(privateKeyPem);
  const publicFile = join(keyDir, DEV_PUBLIC_KEY_FILE);
  if ((await readIfExists(publicFile)) !== publicKeyPem) await replaceAtomically(publicFile, publicKeyPem, 0o644);
  return { privateKeyPem, publicKeyPem };
}

/**
 * The public key of the development pair in `keyDir`: derived from `private.pem` when present,
 * else `public.pem` when only that is there (a directory holding just the public half), else the
 * public half of a newly created pair.
 */
export async function readDevPublicKey(keyDir: string): Promise<string> {
  const privateKeyPem = await readIfExists(join(keyDir, DEV_PRIVATE_KEY_FILE));
  if (privateKeyPem !== undefined) return publicPemOf(privateKeyPem);
  const publicKeyPem = await readIfExists(join(keyDir, DEV_PUBLIC_KEY_FILE));
  return publicKeyPem ?? (await ensureDevKeyPair(keyDir)).publicKeyPem;
}

async function generatePrivateKeyPem(): Promise<string> {
  const { privateKey } = await generateKeyPairAsync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return privateKey;
}

function publicPemOf(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
}

/** Creates `file` with `content` unless it exists; returns what `file` holds afterwards. */
async function createOnce(file: string, content: string): Promise<string> {
  const temp = await writeTemp(file, content, 0o600);
  try {
    // link() fails with EEXIST when the name is taken: an exclusive create of a complete file.
    await link(temp, file);
    return content;
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    return readFile(file, 'utf8');
  } finally {
    await rm(temp, { force: true });
  }
}

async function replaceAtomically(file: string, content: string, mode: number): Promise<void> {
  const temp = await writeTemp(file, content, mode);
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Writes and fsyncs a uniquely named sibling of `file`, so a crash leaves no half key behind. */
async function writeTemp(file: string, content: string, mode: number): Promise<string> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
