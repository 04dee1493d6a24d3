import { z } from 'zod';

/** A Consul (Go) duration such as `500ms`, `5s`, `1m30s`. */
export const consulDuration = z.string().regex(/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/, 'expected a duration like 5s or 1m');

const optionalText = z
  .string()
  .optional()
  .transform((value) => value || undefined);

/**
 * The registry's environment variables, to merge into an app's config schema (the only place
 * reading env): `registryEnvSchema.extend({ PORT: port.default(50052) })`.
 *
 * - DISCOVERY_MODE: `static` (default; fixed addresses, no registry), `consul`, `dns`.
 * - CONSUL_HTTP_ADDR, CONSUL_HTTP_TOKEN: the agent and its ACL token (consul mode).
 * - CONSUL_CHECK_INTERVAL, CONSUL_CHECK_TIMEOUT, CONSUL_DEREGISTER_CRITICAL_AFTER: the GRPC check.
 * - SERVICE_ADVERTISE_ADDRESS: the address registered for this instance (default: the first
 *   non-internal IPv4 address).
 */
export const registryEnvSchema = z.object({
  DISCOVERY_MODE: z.enum(['static', 'consul', 'dns']).default('static'),
  CONSUL_HTTP_ADDR: z.string().min(1).default('http://127.0.0.1:8500'),
  // An empty value (common in compose files) means "not set".
  CONSUL_HTTP_TOKEN: optionalText,
  CONSUL_CHECK_INTERVAL: consulDuration.default('5s'),
  CONSUL_CHECK_TIMEOUT: consulDuration.default('2s'),
  CONSUL_DEREGISTER_CRITICAL_AFTER: consulDuration.default('1m'),
  SERVICE_ADVERTISE_ADDRESS: optionalText,
});

/** The parsed registry settings. */
export type RegistryEnv = z.infer<typeof registryEnvSchema>;
