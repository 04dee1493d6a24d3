// Small helpers for the deploy tests, which are plain Node (node --test) and so cannot use
// @acme/testing's TypeScript sources.
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** A TCP port that was free a moment ago (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `probe` until it returns a truthy value (returned) or `timeoutMs` passes (throws with
 * the last error); `signal` stops it early. Waits on a condition, never a fixed sleep.
 */
export async function waitFor(probe, { timeoutMs = 30_000, intervalMs = 100, what = 'condition', signal } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await delay(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
}

/** Resolves with the exit code (or signal) of a child process once it has exited. */
export function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}
