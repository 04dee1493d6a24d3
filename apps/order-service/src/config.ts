import { type z } from 'zod';
import { baseServiceConfig, booleanFlag, durationMs, grpcTarget, port } from '@acme/config';

/**
 * The order service's environment: the only place that reads it. Everything has a default so
 * `node dist/main.js` starts with no environment at all (PGlite under .data/order-service).
 */
export const configSchema = baseServiceConfig
  .extend({
    GRPC_PORT: port.default(50053),
    METRICS_PORT: port.default(9463),
    USER_SERVICE_TARGET: grpcTarget.default('127.0.0.1:50051'),
    PRODUCT_SERVICE_TARGET: grpcTarget.default('127.0.0.1:50052'),
    CLIENT_TIMEOUT_MS: durationMs
      .default(2_000)
      .describe('budget of one call to user-service or product-service; shortened by the caller\'s remaining deadline'),
    ORDER_PENDING_LEASE_MS: durationMs
      .default(30_000)
      .describe('age after which recovery treats a PENDING order as abandoned by a crashed instance, releases its stock and marks it FAILED'),
    ORDER_RECOVERY_INTERVAL_MS: durationMs.default(30_000).describe('how often recovery looks for abandoned PENDING orders and unfinished releases'),
    FAULT_CRASH_AFTER_RESERVE: booleanFlag
      .default(false)
      .describe('test only (accepted when NODE_ENV=test): SIGKILL the process after stock is reserved, before the order is confirmed'),
  })
  .superRefine((config, context) => {
    // A fault flag that kills the process must never be switched on by a stray env var in production.
    if (config.FAULT_CRASH_AFTER_RESERVE && config.NODE_ENV !== 'test') {
      context.addIssue({ code: 'custom', path: ['FAULT_CRASH_AFTER_RESERVE'], message: 'is accepted only when NODE_ENV=test' });
    }
  });

export type AppConfig = z.infer<typeof configSchema>;

/** Injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('ORDER_SERVICE:APP_CONFIG');
