import { z } from 'zod';
import { baseServiceConfig, port } from '@acme/config';

/** A PEM from an env var; `\n` escapes (how .env files carry multi-line values) become newlines. */
const pem = z
  .string()
  .min(1)
  .transform((value) => value.replaceAll('\\n', '\n'));

/** Every setting of the user service (documented in README.md and .env.example). */
export const configSchema = baseServiceConfig.extend({
  GRPC_PORT: port.default(50051),
  METRICS_PORT: port.default(9461),
  DATA_DIR: z.string().min(1).default('.data/user-service'),
  /** Private key signing access tokens (PKCS8 PEM, Ed25519 or EC P-256). */
  JWT_PRIVATE_KEY: pem.optional(),
  /** File holding that PEM (a mounted secret); used when JWT_PRIVATE_KEY is unset. */
  JWT_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  /** With no key configured: the development key pair here, shared with the gateway. */
  JWT_KEY_DIR: z.string().min(1).default('.data/keys'),
  JWT_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
});

export type AppConfig = z.infer<typeof configSchema>;

/** Injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('USER_SERVICE:APP_CONFIG');
