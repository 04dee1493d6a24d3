import { z } from 'zod';
import { baseServiceConfig, port } from '@acme/config';

/** Every setting of the product service; the only place that reads the environment. */
export const configSchema = baseServiceConfig.extend({
  GRPC_PORT: port.default(50052),
  METRICS_PORT: port.default(9462),
  /** PGlite data directory when DATABASE_URL is unset (relative to the working directory). */
  DATA_DIR: z.string().min(1).default('.data/product-service'),
});

export type AppConfig = z.infer<typeof configSchema>;

/** Injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('PRODUCT:APP_CONFIG');
