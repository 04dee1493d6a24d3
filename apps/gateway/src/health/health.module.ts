import { Module } from '@nestjs/common';
import { GatewayHealthModule } from '@acme/health';
import { type Registry, REGISTRY } from '@acme/registry';
import { BACKENDS } from '../clients/backends';

/** Budget of one downstream health probe; readiness answers within about this. */
const PROBE_TIMEOUT_MS = 1_000;

/**
 * `/health/live` (the process answers) and `/health/ready` (every backend's grpc.health.v1
 * reports SERVING for its service, and the registry knows an instance of each), in
 * Terminus' format, 503 when not ready or shutting down.
 */
@Module({
  imports: [
    GatewayHealthModule.forRootAsync({
      inject: [REGISTRY],
      useFactory: (backends: Registry) => ({
        readiness: ({ grpc, registry }) => [
          ...BACKENDS.map((backend) => () => {
            const { target, serviceConfig } = backends.targetFor(backend.name);
            return grpc.check(backend.name, target, {
              service: backend.grpcService,
              timeoutMs: PROBE_TIMEOUT_MS,
              channelOptions: { 'grpc.service_config': JSON.stringify(serviceConfig) },
            });
          }),
          () => registry.check('registry', backends.discovery, BACKENDS.map((backend) => backend.name)),
        ],
      }),
    }),
  ],
})
export class HealthModule {}
