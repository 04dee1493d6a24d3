import { describe, expect, it } from 'vitest';
import { CallContext } from './call-context';

describe('CallContext', () => {
  it('is visible inside run, across awaits, and gone outside', async () => {
    const deadline = new Date(Date.now() + 5_000);
    await CallContext.run({ deadline, requestId: 'r1' }, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(CallContext.current()?.requestId).toBe('r1');
      const remaining = CallContext.remainingMs();
      expect(remaining).toBeGreaterThan(4_000);
      expect(remaining).toBeLessThanOrEqual(5_000);
    });
    expect(CallContext.current()).toBeUndefined();
    expect(CallContext.remainingMs()).toBeUndefined();
  });
});
