/** The fields of a PostgreSQL error both drivers (node-postgres, PGlite) report. */
export interface PostgresError {
  /** SQLSTATE. */
  readonly code: string;
  /** The server's message, which never quotes row values (unlike `detail`). */
  readonly message: string;
  readonly constraint?: string;
}

/** SQLSTATE of unique_violation. */
export const UNIQUE_VIOLATION = '23505';

/**
 * The PostgreSQL error behind `error`, searching its cause chain (drizzle wraps driver errors
 * in DrizzleQueryError), reduced to fields that are safe to log.
 */
export function postgresErrorOf(error: unknown): PostgresError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if ('code' in current && typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code)) {
      const constraint = 'constraint' in current && typeof current.constraint === 'string' ? current.constraint : undefined;
      return { code: current.code, message: current.message, constraint };
    }
  }
  return undefined;
}
