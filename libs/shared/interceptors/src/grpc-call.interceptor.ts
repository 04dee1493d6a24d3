import { status as GrpcStatus } from '@grpc/grpc-js';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Context, context as otelContext } from '@opentelemetry/api';
import { Observable, throwError } from 'rxjs';
import { CallContext, type CallContextValue } from '@acme/context';
import { DomainError } from '@acme/errors';
import { PinoLogger } from '@acme/logging';
import { grpcStatusName, Metrics } from '@acme/metrics';
import { startGrpcServerSpan } from '@acme/tracing';
import { deadlinePassed, type GrpcCallInfo, grpcCallInfo } from './grpc-call-info';
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

/** The longest delay a Node timer accepts (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * What every gRPC call gets, unary or streaming, in one interceptor (one Observable layer per
 * call instead of three: the three separate interceptors were a measurable share of the
 * product service's CPU per call in `npm run bench`):
 * - the server span (`grpc.<service>/<method>`, see startGrpcServerSpan), the child of the
 *   caller's span when the metadata carries a traceparent, ended with the final status; the
 *   handler and everything it awaits (onward calls, queries, log lines) run inside it;
 * - RED metrics by service, method, type and final status;
 * - one JSON line when the call ends: grpc_service, grpc_method, grpc_type, grpc_code, reason,
 *   duration_ms and request_id, plus trace_id/span_id of the call's server span (the logger's
 *   mixin); OK and caller errors at info, server-side statuses at warn, unexpected failures at
 *   error with the stack (`err`), which never reaches the client;
 * - the handler run inside a CallContext holding the call's deadline, an AbortSignal that fires
 *   when the client cancels or the deadline passes, and the request id from metadata, so
 *   onward calls get the remaining budget and long work can stop. A call whose deadline already
 *   passed (it waited in guards or a queue) fails with DEADLINE_EXCEEDED before the handler
 *   runs, one its client already cancelled with CANCELLED; both are counted and logged.
 * HTTP requests pass through (see registerHttpTelemetry).
 */
@Injectable()
export class GrpcCallInterceptor implements NestInterceptor {
  constructor(
    private readonly metrics: Metrics,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('GrpcCall');
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const info = grpcCallInfo(context);
    if (info === undefined) return next.handle();
    const finish = this.metrics.startGrpcCall(info);
    const span = startGrpcServerSpan(info.call.getPath(), info.call.metadata);
    return watchGrpcOutcome(inCallContext(info, next, span.context), info, (outcome) => {
      finish(outcome.code);
      span.end(outcome.code, outcome.error?.message);
      // Cancellation arrives from grpc-js outside the call's async context: log in the span's.
      otelContext.with(span.context, () => this.log(info, outcome));
    });
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

/** The handler's Observable, subscribed inside the call's span and CallContext, or the refusal. */
function inCallContext(info: GrpcCallInfo, next: CallHandler, spanContext: Context): Observable<unknown> {
  if (deadlinePassed(info)) {
    return throwError(() => new DomainError(GrpcStatus.DEADLINE_EXCEEDED, 'DEADLINE_EXCEEDED', 'deadline exceeded before the handler started'));
  }
  if (info.call.cancelled) {
    return throwError(() => new DomainError(GrpcStatus.CANCELLED, 'CANCELLED', 'call cancelled before the handler started'));
  }
  return new Observable((subscriber) => {
    const { value, abortIfCancelled, release } = callContextOf(info);
    // next.handle() is cold and Nest binds the handler's async scope when it is called, so both
    // the call and the subscription happen inside run(): the handler sees this context.
    const subscription = otelContext.with(spanContext, () => CallContext.run(value, () => next.handle().subscribe(subscriber)));
    return () => {
      // Nest unsubscribes a cancelled stream from its own 'cancelled' listener, which can run
      // before ours: abort first, so the handler's teardown already sees the signal fired.
      abortIfCancelled();
      subscription.unsubscribe();
      release();
    };
  });
}

function callContextOf(info: GrpcCallInfo): { value: CallContextValue; abortIfCancelled: () => void; release: () => void } {
  // One controller and one timer cleared when the call ends. AbortSignal.any over
  // AbortSignal.timeout(remaining) did the same, but its timer could not be cleared: every
  // call left a live timer that fired after the deadline, building a DOMException and
  // dispatching to two signals — measurable per call in the product service's profile.
  const controller = new AbortController();
  const onCancelled = (): void => {
    const timedOut = deadlinePassed(info);
    controller.abort(new DOMException(timedOut ? 'deadline exceeded' : 'call cancelled by the client', timedOut ? 'TimeoutError' : 'AbortError'));
  };
  info.call.once('cancelled', onCancelled);
  if (info.call.cancelled) onCancelled();
  const remainingMs = info.deadline === undefined ? Infinity : Math.max(0, info.deadline.getTime() - Date.now());
  // Node fires longer timers after 1 ms instead; a deadline that far away is left to grpc-js.
  const timer =
    remainingMs <= MAX_TIMER_MS ? setTimeout(() => controller.abort(new DOMException('deadline exceeded', 'TimeoutError')), remainingMs) : undefined;
  timer?.unref();
  return {
    value: { ...CallContext.current(), deadline: info.deadline, signal: controller.signal, requestId: info.requestId },
    abortIfCancelled: () => {
      if (info.call.cancelled) onCancelled();
    },
    release: () => {
      clearTimeout(timer);
      info.call.off('cancelled', onCancelled);
    },
  };
}
