import { z } from 'zod';
import { registryEnvSchema } from '@acme/registry';
import { booleanFlag, durationMs, logLevel, port } from './schemas';

/**
 * Settings every gRPC service shares, including discovery (DISCOVERY_MODE, CONSUL_*,
 * SERVICE_ADVERTISE_ADDRESS from @acme/registry); each service extends it with its own defaults
 * (`GRPC_PORT: port.default(50052)`) and variables. Documented in README.md.
 */
export const baseServiceConfig = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: logLevel.default('info'),
  /** Human-readable logs; defaults to on in development only. */
  LOG_PRETTY: booleanFlag.optional(),
  GRPC_HOST: z.string().min(1).default('0.0.0.0'),
  GRPC_PORT: port,
  METRICS_PORT: port,
  /** PostgreSQL URL; unset selects embedded PGlite under DATA_DIR. */
  DATABASE_URL: z.string().startsWith('postgres').optional(),
  DATA_DIR: z.string().min(1).optional(),
  /** How long in-flight calls may finish after SIGTERM before they are cancelled. */
  SHUTDOWN_DRAIN_MS: durationMs.default(10_000),
  /** How often grpc.health.v1 re-checks readiness (database reachable). */
  HEALTH_RECHECK_MS: durationMs.default(5_000).describe('how often grpc.health.v1 re-checks readiness (database reachable)'),
  /** Where other services reach this instance in consul mode: SERVICE_ADVERTISE_ADDRESS. */
  ...registryEnvSchema.shape,
});

export type BaseServiceConfig = z.infer<typeof baseServiceConfig>;

/** Pretty logs unless told otherwise, only in development. */
export function prettyLogs(config: Pick<BaseServiceConfig, 'NODE_ENV' | 'LOG_PRETTY'>): boolean {
  return config.LOG_PRETTY ?? config.NODE_ENV === 'development';
}
