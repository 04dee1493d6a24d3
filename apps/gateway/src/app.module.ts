import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { type DestinationStream } from 'pino';
import { prettyLogs } from '@acme/config';
import { LoggingModule } from '@acme/logging';
import { MetricsModule } from '@acme/metrics';
import { AuthModule } from './auth/auth.module';
import { ClientsModule } from './clients/clients.module';
import { APP_CONFIG, type AppConfig } from './config';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { HealthModule } from './health/health.module';
import { OrdersModule } from './orders/orders.module';
import { ProductsModule } from './products/products.module';
import { DEFAULT_STOCK_STREAM_OPTIONS, STOCK_STREAM_OPTIONS, type StockStreamOptions } from './products/stock-stream-options';
import { SERVICE_NAME, SERVICE_VERSION } from './service-info';
import { DrainState } from './shutdown/drain.state';
import { UsersModule } from './users/users.module';

/** What is not deployment config: tuning and log capture for tests. */
export interface AppModuleOptions {
  readonly stockStreams?: Partial<StockStreamOptions>;
  /** Where JSON log lines go; stdout by default. */
  readonly logDestination?: DestinationStream;
}

/**
 * The gateway: thin HTTP controllers per resource over the three gRPC backends, with the
 * cross-cutting pieces registered once: structured logs, metrics (/metrics) and the
 * problem+json filter. Request DTOs are validated where they are read (ValidBody, ValidQuery,
 * IdParam). Request lines, HTTP metrics and the per-request deadline and cancellation context
 * come from Fastify hooks (see configureGateway).
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot({
          service: SERVICE_NAME,
          version: SERVICE_VERSION,
          level: config.LOG_LEVEL,
          pretty: prettyLogs(config),
          destination: options.logDestination,
        }),
        // No port: GET /metrics is served by the gateway's own HTTP server.
        MetricsModule.forRoot({ service: SERVICE_NAME }),
        ClientsModule,
        AuthModule,
        UsersModule,
        ProductsModule,
        OrdersModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: STOCK_STREAM_OPTIONS, useValue: { ...DEFAULT_STOCK_STREAM_OPTIONS, ...options.stockStreams } },
        DrainState,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [APP_CONFIG, STOCK_STREAM_OPTIONS, DrainState],
    };
  }
}
