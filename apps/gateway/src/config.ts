import { baseServiceConfig, durationMs, grpcTarget, port } from '@acme/config';
import { z } from 'zod';

/**
 * Everything the gateway reads from its environment, validated once at boot (`loadConfig`).
 * Deploy tooling imports this schema to check compose and Kubernetes files against it.
 */
export const configSchema = baseServiceConfig
  .pick({
    NODE_ENV: true,
    LOG_LEVEL: true,
    LOG_PRETTY: true,
    SHUTDOWN_DRAIN_MS: true,
    DISCOVERY_MODE: true,
    CONSUL_HTTP_ADDR: true,
    CONSUL_HTTP_TOKEN: true,
  })
  .extend({
    PORT: port.default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    /** `host:port` (static), headless `fqdn:port` or `dns:///...` (dns); unused in consul mode. */
    USER_SERVICE_TARGET: grpcTarget.default('127.0.0.1:50051'),
    PRODUCT_SERVICE_TARGET: grpcTarget.default('127.0.0.1:50052'),
    ORDER_SERVICE_TARGET: grpcTarget.default('127.0.0.1:50053'),
    /** Default budget of a request; a `grpc-timeout` request header may only shorten it. */
    REQUEST_TIMEOUT_MS: durationMs.default(5_000),
    /** Largest JSON body accepted (NDJSON import is streamed and not limited). */
    BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
    /** Public key (SPKI PEM) that access tokens are verified with. */
    JWT_PUBLIC_KEY: z.string().min(1).optional(),
    /** File holding that PEM; used when JWT_PUBLIC_KEY is unset. */
    JWT_PUBLIC_KEY_FILE: z.string().min(1).optional(),
    /** Neither set: the development key pair in this directory, shared with the user service. */
    JWT_KEY_DIR: z.string().min(1).default('.data/keys'),
  });

export type AppConfig = z.infer<typeof configSchema>;

/** DI token of the validated {@link AppConfig}. */
export const APP_CONFIG = 'GATEWAY:APP_CONFIG';
