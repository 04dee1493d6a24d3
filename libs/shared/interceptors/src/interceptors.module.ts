import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CallContextInterceptor } from './call-context.interceptor';
import { GrpcCallLoggingInterceptor } from './grpc-call-logging.interceptor';
import { RequestMetricsInterceptor } from './request-metrics.interceptor';

/**
 * The cross-cutting interceptors, registered once for the whole app (import it in the AppModule
 * next to LoggingModule and MetricsModule, which provide the logger and the metrics). Each one
 * checks `context.getType()`: on gRPC calls all three run, on HTTP requests only the metrics
 * (pino-http already logs HTTP, and the gateway sets HTTP budgets itself).
 *
 * Global interceptors run in registration order, outermost first: metrics and the log line
 * wrap the call context, so they also see a call refused because its deadline had passed.
 *
 * @example
 * imports: [LoggingModule.forRoot(...), MetricsModule.forRoot(...), InterceptorsModule]
 */
@Module({
  providers: [
    { provide: APP_INTERCEPTOR, useClass: RequestMetricsInterceptor },
    { provide: APP_INTERCEPTOR, useClass: GrpcCallLoggingInterceptor },
    { provide: APP_INTERCEPTOR, useClass: CallContextInterceptor },
  ],
})
export class InterceptorsModule {}
