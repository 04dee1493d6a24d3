import { Injectable } from '@nestjs/common';

/**
 * Orders this process is placing right now. Recovery skips them (they are not abandoned,
 * however short the lease), and a duplicate request waiting for one wakes as soon as it ends
 * instead of on its next poll.
 */
@Injectable()
export class InFlightOrders {
  private readonly orders = new Set<string>();
  private readonly waiters = new Map<string, Set<() => void>>();

  track(orderId: string): void {
    this.orders.add(orderId);
  }

  finish(orderId: string): void {
    this.orders.delete(orderId);
    const waiting = this.waiters.get(orderId);
    this.waiters.delete(orderId);
    for (const wake of waiting ?? []) wake();
  }

  has(orderId: string): boolean {
    return this.orders.has(orderId);
  }

  /** Resolves when `orderId` finishes here, after `timeoutMs`, or when `signal` aborts. */
  settled(orderId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const waiting = this.waiters.get(orderId) ?? new Set<() => void>();
      this.waiters.set(orderId, waiting);
      const wake = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        waiting.delete(wake);
        if (waiting.size === 0 && this.waiters.get(orderId) === waiting) this.waiters.delete(orderId);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, timeoutMs));
      waiting.add(wake);
      if (signal?.aborted) wake();
      else signal?.addEventListener('abort', wake, { once: true });
    });
  }
}
