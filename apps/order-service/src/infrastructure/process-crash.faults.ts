import { OrderFaults } from '../application/create-order/order-faults';

/**
 * The crash test's fault: with FAULT_CRASH_AFTER_RESERVE (accepted by the config only when
 * NODE_ENV=test) the process dies by SIGKILL between reserving stock and confirming the order,
 * as a real crash would: no shutdown hooks, no compensation.
 */
export class ProcessCrashFaults extends OrderFaults {
  constructor(private readonly crashAfterReserve: boolean) {
    super();
  }

  afterStockReserved(): void {
    if (this.crashAfterReserve) process.kill(process.pid, 'SIGKILL');
  }
}
