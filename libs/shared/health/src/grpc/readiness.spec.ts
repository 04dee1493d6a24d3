import { describe, expect, it } from 'vitest';
import { NotReadyError, readinessOf } from './readiness';

describe('readinessOf', () => {
  it('is ready when every check resolves', async () => {
    await expect(readinessOf({ a: () => undefined, b: async () => true })()).resolves.toBeUndefined();
  });

  it('names every failing check', async () => {
    const check = readinessOf({
      database: () => Promise.reject(new Error('connection refused')),
      migrations: () => false,
      cache: () => true,
      thrower: () => {
        throw new Error('boom');
      },
    });
    const error = (await Promise.resolve(check()).catch((e: unknown) => e)) as NotReadyError;
    expect(error).toBeInstanceOf(NotReadyError);
    expect(error.failures).toEqual({ database: 'connection refused', migrations: 'not ready', thrower: 'boom' });
    expect(error.message).toBe('database: connection refused; migrations: not ready; thrower: boom');
  });
});
