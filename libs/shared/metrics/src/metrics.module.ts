import { type DynamicModule, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics-options';
import { createMetricsRegistry, METRICS_REGISTRY } from './metrics-registry';
import { MetricsServer } from './metrics.server';
import { Metrics } from './metrics.service';

/**
 * Prometheus metrics for an app (global): one registry with process and event-loop metrics,
 * the injectable `Metrics` (RED metrics, used by @acme/interceptors and the gRPC client), and
 * `/metrics` served either by a separate server on `port` (gRPC services) or, without a port,
 * by a controller in the app's own HTTP server (the gateway).
 *
 * @example
 * MetricsModule.forRoot({ service: 'order-service', port: config.METRICS_PORT }) // 9463
 * MetricsModule.forRoot({ service: 'gateway' }) // GET /metrics on the gateway's port
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    const ownServer = options.port !== undefined;
    return {
      module: MetricsModule,
      global: true,
      controllers: ownServer ? [] : [MetricsController],
      providers: [
        { provide: METRICS_OPTIONS, useValue: options },
        { provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry(options.service) },
        Metrics,
        ...(ownServer ? [MetricsServer] : []),
      ],
      exports: [Metrics, METRICS_REGISTRY, ...(ownServer ? [MetricsServer] : [])],
    };
  }
}
