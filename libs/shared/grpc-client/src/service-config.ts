import { isIdempotent, type ServiceDefinition } from './service-definition';

export type LoadBalancingPolicy = 'round_robin' | 'pick_first';

/** Retry of idempotent methods on UNAVAILABLE, bounded by each call's deadline. */
export interface RetryOptions {
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, initialBackoffMs: 50, maxBackoffMs: 1_000 };

/**
 * The grpc-js service config for a channel: load balancing over every resolved address and a
 * retryPolicy for exactly the methods the proto declares idempotent, so a write is never
 * retried. grpc-js applies exponential backoff with jitter and stops at the call's deadline.
 * No retryThrottling: grpc-node#2923 shares its token bucket wrongly across channels.
 */
export function buildServiceConfig(
  definitions: readonly ServiceDefinition[],
  loadBalancing: LoadBalancingPolicy,
  retry: RetryOptions = DEFAULT_RETRY,
): Record<string, unknown> {
  const retryable = definitions.flatMap((definition) =>
    Object.values(definition.methods)
      .filter(isIdempotent)
      .map((method) => ({ service: definition.fullName, method: method.name })),
  );
  return {
    loadBalancingConfig: [{ [loadBalancing]: {} }],
    methodConfig:
      retryable.length === 0
        ? []
        : [
            {
              name: retryable,
              retryPolicy: {
                maxAttempts: retry.maxAttempts,
                initialBackoff: `${retry.initialBackoffMs / 1000}s`,
                maxBackoff: `${retry.maxBackoffMs / 1000}s`,
                backoffMultiplier: 2,
                retryableStatusCodes: ['UNAVAILABLE'],
              },
            },
          ],
  };
}
