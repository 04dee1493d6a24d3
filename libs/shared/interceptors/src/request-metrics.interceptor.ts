import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Observable } from 'rxjs';
import { Metrics } from '@acme/metrics';
import { grpcCallInfo } from './grpc-call-info';
import { watchGrpcOutcome } from './grpc-outcome';

/**
 * RED metrics for every gRPC call handled: by service, method, type and final status. HTTP
 * requests are counted by `registerHttpTelemetry`, which also sees requests that never
 * reach a handler.
 */
@Injectable()
export class RequestMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const info = grpcCallInfo(context);
    if (info === undefined) return next.handle();
    const finish = this.metrics.startGrpcCall(info);
    return watchGrpcOutcome(next.handle(), info, ({ code }) => finish(code));
  }
}
