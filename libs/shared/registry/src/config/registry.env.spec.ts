import { describe, expect, it } from 'vitest';
import { registryEnvSchema } from './registry.env';

describe('registryEnvSchema', () => {
  it('defaults to static discovery and Consul defaults', () => {
    expect(registryEnvSchema.parse({})).toEqual({
      DISCOVERY_MODE: 'static',
      CONSUL_HTTP_ADDR: 'http://127.0.0.1:8500',
      CONSUL_CHECK_INTERVAL: '5s',
      CONSUL_CHECK_TIMEOUT: '2s',
      CONSUL_DEREGISTER_CRITICAL_AFTER: '1m',
    });
  });

  it('rejects unknown modes and bad durations', () => {
    expect(registryEnvSchema.safeParse({ DISCOVERY_MODE: 'eureka' }).success).toBe(false);
    expect(registryEnvSchema.safeParse({ CONSUL_CHECK_INTERVAL: 'often' }).success).toBe(false);
    expect(registryEnvSchema.parse({ CONSUL_CHECK_INTERVAL: '1m30s' }).CONSUL_CHECK_INTERVAL).toBe('1m30s');
  });

  it('treats an empty token as unset', () => {
    expect(registryEnvSchema.parse({ CONSUL_HTTP_TOKEN: '' }).CONSUL_HTTP_TOKEN).toBeUndefined();
    expect(registryEnvSchema.parse({ CONSUL_HTTP_TOKEN: 't' }).CONSUL_HTTP_TOKEN).toBe('t');
  });
});
