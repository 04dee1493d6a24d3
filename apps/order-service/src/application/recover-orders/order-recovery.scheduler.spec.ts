import { afterEach, describe, expect, it, vi } from 'vitest';
import { OrderRecoveryScheduler } from './order-recovery.scheduler';
import { type RecoveryReport, type RecoverOrdersUseCase } from './recover-orders.use-case';

/** A recovery that records its runs and can be held open, to see overlap and shutdown. */
class RecordingRecovery {
  readonly leases: number[] = [];
  running = 0;
  maxRunning = 0;
  gate: Promise<void> | undefined;

  async execute(leaseMs: number): Promise<RecoveryReport> {
    this.leases.push(leaseMs);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await this.gate;
    this.running--;
    return { failed: 0, released: 0, deferred: 0 };
  }
}

describe('OrderRecoveryScheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sweeps at start and then periodically with the lease, never overlapping, and stops on shutdown', async () => {
    vi.useFakeTimers();
    const recovery = new RecordingRecovery();
    let open!: () => void;
    recovery.gate = new Promise((resolve) => (open = resolve));
    const scheduler = new OrderRecoveryScheduler(recovery as unknown as RecoverOrdersUseCase, { leaseMs: 1234, intervalMs: 10 });

    scheduler.onApplicationBootstrap();
    // While the first sweep is held, interval ticks do not start another.
    await vi.advanceTimersByTimeAsync(50);
    expect(recovery.leases).toEqual([1234]);

    recovery.gate = undefined;
    open();
    await vi.advanceTimersByTimeAsync(10);
    await vi.advanceTimersByTimeAsync(10);
    expect(recovery.leases).toEqual([1234, 1234, 1234]);
    expect(recovery.maxRunning).toBe(1);

    await scheduler.onModuleDestroy();
    await vi.advanceTimersByTimeAsync(100);
    expect(recovery.leases).toHaveLength(3);
  });
});
