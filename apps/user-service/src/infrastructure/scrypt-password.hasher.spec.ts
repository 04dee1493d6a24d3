import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_PARAMETERS, ScryptPasswordHasher } from './scrypt-password.hasher';

// Cheap parameters keep the suite fast; the format and checks are the same as in production.
const fast = new ScryptPasswordHasher({ cost: 2 ** 10, blockSize: 8, parallelization: 1 });

describe('ScryptPasswordHasher', () => {
  it('stores parameters, salt and key in the hash and verifies only the right password', async () => {
    const hash = await fast.hash('correct horse');
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(hash).not.toContain('correct horse');
    await expect(fast.verify('correct horse', hash)).resolves.toBe(true);
    await expect(fast.verify('correct horsE', hash)).resolves.toBe(false);
    await expect(fast.verify('', hash)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    const [first, second] = await Promise.all([fast.hash('same password'), fast.hash('same password')]);
    expect(first).not.toBe(second);
  });

  it('verifies hashes made with other parameters, since they are stored in the hash', async () => {
    const other = new ScryptPasswordHasher({ cost: 2 ** 11, blockSize: 4, parallelization: 2 });
    const hash = await other.hash('correct horse');
    await expect(fast.verify('correct horse', hash)).resolves.toBe(true);
  });

  it('treats canonically equivalent Unicode input as the same password', async () => {
    const hash = await fast.hash('caf\u00e9 au lait');
    await expect(fast.verify('cafe\u0301 au lait', hash)).resolves.toBe(true);
  });

  it('answers false for unreadable or abusive hashes instead of throwing or running them', async () => {
    const valid = await fast.hash('correct horse');
    const [, , , , salt, key] = valid.split('$');
    for (const hash of ['', 'bcrypt$x', `scrypt$1000$8$1$${salt}$${key}`, `scrypt$${2 ** 30}$8$1$${salt}$${key}`, `scrypt$1024$8$1$$${key}`, `scrypt$1024$8$1$${salt}$AAAA`]) {
      await expect(fast.verify('correct horse', hash)).resolves.toBe(false);
    }
  });

  it('uses N=2^15, r=8, p=1 by default and takes tens of milliseconds, off the event loop', async () => {
    expect(DEFAULT_SCRYPT_PARAMETERS).toEqual({ cost: 2 ** 15, blockSize: 8, parallelization: 1 });
    const hasher = new ScryptPasswordHasher();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const started = performance.now();
    const hash = await hasher.hash('correct horse');
    const elapsed = performance.now() - started;
    clearInterval(timer);
    expect(hash.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(elapsed).toBeGreaterThan(10);
    // The loop kept turning while scrypt ran on the thread pool.
    expect(ticks).toBeGreaterThan(0);
  });
});
