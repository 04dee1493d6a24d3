import { type ServerResponse } from 'node:http';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { context as otelContext } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { type Observable } from 'rxjs';
import { Metrics } from '@acme/metrics';
import { grpcCallInfo } from './grpc-call-info';
import { watchGrpcOutcome } from './grpc-outcome';

/** Route fields of the request object Fastify (routeOptions.url) or Express (route.path) hand over. */
interface RoutedRequest {
  readonly method?: string;
  readonly routeOptions?: { readonly url?: string };
  readonly route?: { readonly path?: string };
}

/**
 * RED metrics for every handled request: gRPC calls by service, method, type and final status;
 * HTTP requests by method, route template and the status actually sent (read when the response
 * finishes, so exception filters' statuses count). Requests that never reach a handler (unknown
 * routes, rejected by guards) are not seen by interceptors and not counted here.
 */
@Injectable()
export class RequestMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const info = grpcCallInfo(context);
    if (info !== undefined) {
      const finish = this.metrics.startGrpcCall(info);
      return watchGrpcOutcome(next.handle(), info, ({ code }) => finish(code));
    }
    if (context.getType() === 'http') this.observeHttp(context);
    return next.handle();
  }

  private observeHttp(context: ExecutionContext): void {
    const http = context.switchToHttp();
    const request = http.getRequest<RoutedRequest>();
    const reply = http.getResponse<ServerResponse | { raw: ServerResponse }>();
    const response = 'raw' in reply ? reply.raw : reply;
    const route = request.routeOptions?.url ?? request.route?.path ?? 'unknown';
    // Names the HTTP server span "GET /v1/orders/:id" and sets http.route on it.
    const rpcMetadata = getRPCMetadata(otelContext.active());
    if (rpcMetadata?.type === RPCType.HTTP) rpcMetadata.route = route;
    const finish = this.metrics.startHttpRequest(request.method ?? 'GET');
    const done = (): void => finish(route, response.statusCode);
    response.once('finish', done);
    response.once('close', done);
  }
}
