import { status as GrpcStatus } from '@grpc/grpc-js';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { context as otelContext } from '@opentelemetry/api';
import { type Observable } from 'rxjs';
import { PinoLogger } from '@acme/logging';
import { grpcStatusName } from '@acme/metrics';
import { type GrpcCallInfo, grpcCallInfo } from './grpc-call-info';
import { type GrpcOutcome, watchGrpcOutcome } from './grpc-outcome';

/** Statuses that say the server, not the caller, has a problem: logged at warn. */
const SERVER_SIDE = new Set<GrpcStatus>([
  GrpcStatus.UNKNOWN,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.UNIMPLEMENTED,
  GrpcStatus.INTERNAL,
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DATA_LOSS,
]);

/**
 * One JSON line per gRPC call when it ends: grpc_service, grpc_method, grpc_type, grpc_code,
 * reason, duration_ms and request_id, plus trace_id/span_id of the call's server span (the
 * logger's mixin) and service/version. OK and caller errors at info, server-side statuses at
 * warn, unexpected failures at error with the stack (`err`), which never reaches the client.
 */
@Injectable()
export class GrpcCallLoggingInterceptor implements NestInterceptor {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext('GrpcCall');
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const info = grpcCallInfo(context);
    if (info === undefined) return next.handle();
    // Cancellation arrives from grpc-js outside the call's async context; log in the one we start in.
    const active = otelContext.active();
    return watchGrpcOutcome(next.handle(), info, (outcome) => otelContext.with(active, () => this.log(info, outcome)));
  }

  private log(info: GrpcCallInfo, outcome: GrpcOutcome): void {
    const fields = {
      grpc_service: info.service,
      grpc_method: info.method,
      grpc_type: info.type,
      grpc_code: grpcStatusName(outcome.code),
      reason: outcome.error?.reason,
      duration_ms: Math.round(outcome.durationMs * 1000) / 1000,
      request_id: info.requestId,
    };
    if (!outcome.expected) {
      this.logger.error({ ...fields, err: outcome.thrown }, 'grpc call failed unexpectedly');
    } else if (SERVER_SIDE.has(outcome.code)) {
      this.logger.warn(fields, 'grpc call failed');
    } else {
      this.logger.info(fields, outcome.code === GrpcStatus.OK ? 'grpc call completed' : 'grpc call failed');
    }
  }
}
