import { describe, expect, it } from 'vitest';
import { InFlightOrders } from './in-flight-orders';

describe('InFlightOrders', () => {
  it('tracks orders and wakes waiters when one finishes', async () => {
    const inFlight = new InFlightOrders();
    inFlight.track('a');
    expect(inFlight.has('a')).toBe(true);

    const waiting = inFlight.settled('a', 60_000);
    inFlight.finish('a');

    await expect(waiting).resolves.toBeUndefined();
    expect(inFlight.has('a')).toBe(false);
  });

  it('stops waiting after the timeout or when the signal aborts', async () => {
    const inFlight = new InFlightOrders();
    await expect(inFlight.settled('b', 1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const waiting = inFlight.settled('b', 60_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});
