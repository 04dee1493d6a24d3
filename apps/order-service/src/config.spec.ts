import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@acme/config';
import { configSchema } from './config';

describe('order-service config', () => {
  it('starts with no environment at all', () => {
    expect(loadConfig(configSchema, {})).toMatchObject({
      GRPC_PORT: 50053,
      METRICS_PORT: 9463,
      USER_SERVICE_TARGET: '127.0.0.1:50051',
      PRODUCT_SERVICE_TARGET: '127.0.0.1:50052',
      CLIENT_TIMEOUT_MS: 2_000,
      ORDER_PENDING_LEASE_MS: 30_000,
      ORDER_RECOVERY_INTERVAL_MS: 30_000,
      FAULT_CRASH_AFTER_RESERVE: false,
    });
  });

  it('accepts the crash fault only when NODE_ENV=test', () => {
    expect(loadConfig(configSchema, { NODE_ENV: 'test', FAULT_CRASH_AFTER_RESERVE: 'true', ORDER_PENDING_LEASE_MS: '1' })).toMatchObject({
      FAULT_CRASH_AFTER_RESERVE: true,
      ORDER_PENDING_LEASE_MS: 1,
    });
    for (const NODE_ENV of ['production', 'development']) {
      expect(() => loadConfig(configSchema, { NODE_ENV, FAULT_CRASH_AFTER_RESERVE: 'true' })).toThrow(ConfigError);
    }
    expect(loadConfig(configSchema, { NODE_ENV: 'production', FAULT_CRASH_AFTER_RESERVE: 'false' }).FAULT_CRASH_AFTER_RESERVE).toBe(false);
  });
});
