import { status as GrpcStatus } from '@grpc/grpc-js';
import { type Observable, tap } from 'rxjs';
import { type DomainError, toDomainError } from '@acme/errors';
import { deadlinePassed, type GrpcCallInfo } from './grpc-call-info';

/** How a gRPC call ended, as its client saw it. */
export interface GrpcOutcome {
  readonly code: GrpcStatus;
  /** The failure as a DomainError (unexpected ones become INTERNAL); undefined on success. */
  readonly error?: DomainError;
  /** False for an unexpected failure, to be logged with its stack. */
  readonly expected: boolean;
  /** What the handler threw, before mapping. */
  readonly thrown?: unknown;
  readonly durationMs: number;
}

/**
 * Mirrors `source` and reports, exactly once, how the call ended: OK when the handler completed,
 * the mapped status when it failed, and CANCELLED or DEADLINE_EXCEEDED when the client stopped
 * waiting, whether Nest unsubscribed (streams) or the handler finished after the fact (unary).
 */
export function watchGrpcOutcome<T>(source: Observable<T>, info: GrpcCallInfo, report: (outcome: GrpcOutcome) => void): Observable<T> {
  const started = performance.now();
  let reported = false;
  const end = (outcome: Omit<GrpcOutcome, 'durationMs'>): void => {
    if (reported) return;
    reported = true;
    report({ ...outcome, durationMs: performance.now() - started });
  };
  const abandoned = (): GrpcStatus => (deadlinePassed(info) ? GrpcStatus.DEADLINE_EXCEEDED : GrpcStatus.CANCELLED);
  return source.pipe(
    tap({
      complete: () => end({ code: info.call.cancelled ? abandoned() : GrpcStatus.OK, expected: true }),
      error: (thrown: unknown) => {
        const { error, expected } = toDomainError(thrown);
        end({ code: error.status, error, expected, thrown });
      },
      unsubscribe: () => end({ code: abandoned(), expected: true }),
    }),
  );
}
