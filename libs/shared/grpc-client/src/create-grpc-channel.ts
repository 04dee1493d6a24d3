import * as grpc from '@grpc/grpc-js';
import { buildServiceConfig, DEFAULT_RETRY, type LoadBalancingPolicy, type RetryOptions } from './service-config';
import { type ServiceDefinition } from './service-definition';

export interface GrpcChannelOptions {
  /** The services called over this channel; their idempotent methods get a retry policy. */
  readonly definitions: readonly ServiceDefinition[];
  /** round_robin spreads calls over every address the resolver returns (DNS, Consul). */
  readonly loadBalancing?: LoadBalancingPolicy;
  readonly retry?: RetryOptions;
}

/**
 * Keepalive pings every 30 s while calls are open. Servers built with @acme/grpc-server accept
 * pings every 10 s, so the two sides agree and no GOAWAY(too_many_pings) ends a channel.
 */
export const CLIENT_KEEPALIVE = {
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 0,
} as const;

/**
 * One long-lived channel to a backend target (`host:port`, `dns:///name:port`, or a registered
 * resolver scheme such as `consul:///product-service`). Share it: a client per request leaks.
 */
export function createGrpcChannel(target: string, options: GrpcChannelOptions): grpc.Channel {
  return new grpc.Channel(target, grpc.credentials.createInsecure(), {
    ...CLIENT_KEEPALIVE,
    'grpc.enable_retries': 1,
    'grpc.service_config': JSON.stringify(buildServiceConfig(options.definitions, options.loadBalancing ?? 'round_robin', options.retry ?? DEFAULT_RETRY)),
    'grpc.initial_reconnect_backoff_ms': 100,
    'grpc.max_reconnect_backoff_ms': 2_000,
  });
}
