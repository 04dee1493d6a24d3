/**
 * Fault injection points of order placement, for crash tests. The production binding does
 * nothing unless the test-only config flag is on.
 */
export abstract class OrderFaults {
  /** Called after ReserveStock succeeded and before the order is confirmed. */
  abstract afterStockReserved(orderId: string): void;
}
