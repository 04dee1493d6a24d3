import { type z } from 'zod';

/** Thrown at boot when the environment does not satisfy an app's config schema. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment against an app's schema once, at boot, and returns the typed
 * result. Every variable an app reads is in its schema; nothing else reads process.env.
 *
 * @example
 * const config = loadConfig(z.object({ PORT: port.default(3000) }));
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return result.data;
}
