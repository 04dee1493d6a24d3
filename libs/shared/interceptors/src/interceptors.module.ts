import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CallContextInterceptor } from './call-context.interceptor';
import { GrpcCallLoggingInterceptor } from './grpc-call-logging.interceptor';
import { RequestMetricsInterceptor } from './request-metrics.interceptor';

/**
 * The cross-cutting interceptors of a gRPC service, registered once for the whole app (import it
 * in the AppModule next to LoggingModule and MetricsModule, which provide the logger and the
 * metrics). Each one checks `context.getType()` and lets anything but a gRPC call pass; an HTTP
 * app uses `registerHttpTelemetry` instead, which sees every request, not only those that reach
 * a handler.
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
