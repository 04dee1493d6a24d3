import { AsyncLocalStorage } from 'node:async_hooks';

/** What a request carries across every hop inside one process. */
export interface CallContextValue {
  /** When the caller stops waiting; onward calls get the remaining budget, never a fresh one. */
  readonly deadline?: Date;
  /** Aborted when the caller cancels or the deadline passes: long work should stop. */
  readonly signal?: AbortSignal;
  /** The edge's request id, for logs. */
  readonly requestId?: string;
}

const storage = new AsyncLocalStorage<CallContextValue>();

/**
 * The request-scoped context of the current call, kept in AsyncLocalStorage so deadlines and
 * cancellation reach onward gRPC calls without being threaded through every signature.
 *
 * @example
 * CallContext.run({ deadline: new Date(Date.now() + 2000) }, () => useCase.execute(input));
 * CallContext.remainingMs(); // ~2000
 */
export const CallContext = {
  run<T>(value: CallContextValue, fn: () => T): T {
    return storage.run(value, fn);
  },
  current(): CallContextValue | undefined {
    return storage.getStore();
  },
  /** Milliseconds left before the current deadline, or undefined when there is none. */
  remainingMs(now: number = Date.now()): number | undefined {
    const deadline = storage.getStore()?.deadline;
    return deadline === undefined ? undefined : deadline.getTime() - now;
  },
};
