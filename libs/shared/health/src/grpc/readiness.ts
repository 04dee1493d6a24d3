/**
 * A readiness probe: resolving (with `true` or nothing) means ready; `false`, a rejection or
 * a throw means not ready, and the error message says why.
 */
export type ReadinessCheck = () => Promise<boolean | void> | boolean | void;

/** Thrown by {@link readinessOf} naming every dependency that is not ready. */
export class NotReadyError extends Error {
  constructor(readonly failures: Readonly<Record<string, string>>) {
    super(
      Object.entries(failures)
        .map(([name, reason]) => `${name}: ${reason}`)
        .join('; '),
    );
    this.name = 'NotReadyError';
  }
}

/**
 * Combines named checks into one that runs them concurrently and is ready only when all are.
 *
 * @example
 * health.setReadinessCheck(readinessOf({
 *   database: () => db.ping(),
 *   migrations: () => migrator.done,
 * }));
 */
export function readinessOf(checks: Readonly<Record<string, ReadinessCheck>>): ReadinessCheck {
  return async () => {
    const names = Object.keys(checks);
    const results = await Promise.allSettled(names.map(async (name) => checks[name]?.()));
    const failures: Record<string, string> = {};
    results.forEach((result, i) => {
      const name = names[i] ?? String(i);
      if (result.status === 'rejected') failures[name] = reasonOf(result.reason);
      else if (result.value === false) failures[name] = 'not ready';
    });
    if (Object.keys(failures).length > 0) throw new NotReadyError(failures);
  };
}

/** A one-line reason from whatever a check threw. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
