import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { GrpcClientModule } from '@acme/grpc-client';
import { AuthModule } from './auth/auth.module';
import { ClientsModule } from './clients/clients.module';
import { APP_CONFIG, type AppConfig } from './config';
import { DeadlineInterceptor } from './deadline/deadline.interceptor';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { HealthModule } from './health/health.module';
import { OrdersModule } from './orders/orders.module';
import { ProductsModule } from './products/products.module';
import { DEFAULT_STOCK_STREAM_OPTIONS, STOCK_STREAM_OPTIONS, type StockStreamOptions } from './products/stock-stream-options';
import { DrainState } from './shutdown/drain.state';
import { UsersModule } from './users/users.module';
import { GatewayValidationPipe } from './validation/gateway-validation.pipe';

/**
 * The gateway: thin HTTP controllers per resource over the three gRPC backends, with the
 * cross-cutting pieces registered once: the problem+json filter, DTO validation, and the
 * per-request deadline and cancellation context.
 */
/** Tuning that is not deployment config (tests shorten the SSE heartbeat). */
export interface AppModuleOptions {
  readonly stockStreams?: Partial<StockStreamOptions>;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [GrpcClientModule.forRoot(), ClientsModule, AuthModule, UsersModule, ProductsModule, OrdersModule, HealthModule],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: STOCK_STREAM_OPTIONS, useValue: { ...DEFAULT_STOCK_STREAM_OPTIONS, ...options.stockStreams } },
        DrainState,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useClass: GatewayValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: DeadlineInterceptor },
      ],
      exports: [APP_CONFIG, STOCK_STREAM_OPTIONS, DrainState],
    };
  }
}
