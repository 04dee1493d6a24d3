import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { GrpcCallInterceptor } from './grpc-call.interceptor';

/**
 * The cross-cutting interceptor of a gRPC service, registered once for the whole app (import it
 * in the AppModule next to LoggingModule and MetricsModule, which provide the logger and the
 * metrics): metrics, the call's log line and its CallContext (see GrpcCallInterceptor). It
 * lets anything but a gRPC call pass; an HTTP app uses `registerHttpTelemetry` instead, which
 * sees every request, not only those that reach a handler.
 *
 * @example
 * imports: [LoggingModule.forRoot(...), MetricsModule.forRoot(...), InterceptorsModule]
 */
@Module({
  providers: [{ provide: APP_INTERCEPTOR, useClass: GrpcCallInterceptor }],
})
export class InterceptorsModule {}
