import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';
import { PasswordHasher } from '../domain/password.hasher';

/** scrypt's work factors: N (cost, a power of two), r (block size), p (parallelization). */
export interface ScryptParameters {
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelization: number;
}

/**
 * N = 2^15, r = 8, p = 1: 32 MiB and about 60 ms per hash on the reference machine, a
 * deliberate trade between brute-force cost and login latency (OWASP's floor is N = 2^17 when
 * the hardware allows). Stored hashes carry their parameters, so raising them later keeps old
 * hashes verifiable.
 */
export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = { cost: 2 ** 15, blockSize: 8, parallelization: 1 };

const PREFIX = 'scrypt';
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Refuse absurd parameters read back from storage: a corrupted row must not take a GiB or a minute.
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const MAX_PARALLELIZATION = 16;

/**
 * Passwords hashed with scrypt from node:crypto (memory-hard), run asynchronously on libuv's
 * thread pool so the event loop keeps serving. Hash string: `scrypt$N$r$p$salt$key`, salt and
 * key in base64url. Passwords are NFKC-normalised first so the same typed text always matches.
 */
export class ScryptPasswordHasher extends PasswordHasher {
  constructor(private readonly parameters: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS) {
    super();
    if (!isSane(parameters)) throw new Error(`unsupported scrypt parameters ${JSON.stringify(parameters)}`);
  }

  async hash(plain: string): Promise<string> {
    const { cost, blockSize, parallelization } = this.parameters;
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(plain, salt, KEY_BYTES, this.parameters);
    return [PREFIX, cost, blockSize, parallelization, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(plain: string, hash: string): Promise<boolean> {
    const parsed = parse(hash);
    if (parsed === undefined) return false;
    const key = await derive(plain, parsed.salt, parsed.key.length, parsed.parameters);
    return timingSafeEqual(key, parsed.key);
  }
}

function derive(plain: string, salt: Buffer, length: number, parameters: ScryptParameters): Promise<Buffer> {
  const options: ScryptOptions = {
    N: parameters.cost,
    r: parameters.blockSize,
    p: parameters.parallelization,
    // scrypt needs 128 * N * r bytes; Node's default cap (32 MiB) is exactly that for 2^15 * 8.
    maxmem: 256 * parameters.cost * parameters.blockSize,
  };
  return new Promise((resolve, reject) => {
    scrypt(plain.normalize('NFKC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function parse(hash: string): { parameters: ScryptParameters; salt: Buffer; key: Buffer } | undefined {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return undefined;
  const [cost, blockSize, parallelization] = parts.slice(1, 4).map(Number) as [number, number, number];
  const parameters = { cost, blockSize, parallelization };
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (!isSane(parameters) || salt.length === 0 || key.length < 16) return undefined;
  return { parameters, salt, key };
}

function isSane({ cost, blockSize, parallelization }: ScryptParameters): boolean {
  const integers = [cost, blockSize, parallelization].every((n) => Number.isSafeInteger(n) && n > 0);
  const powerOfTwo = cost > 1 && (cost & (cost - 1)) === 0;
  return integers && powerOfTwo && 128 * cost * blockSize <= MAX_MEMORY_BYTES && parallelization <= MAX_PARALLELIZATION;
}
