import { describe, expect, it } from 'vitest';
import { parseTraceparent, traceIdOf } from './trace-id';

describe('trace ids', () => {
  it('reads the trace id of a valid W3C traceparent', () => {
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(parseTraceparent(['00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-00'])).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it.each([undefined, '', 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01', '00-4bf92f35-00f067aa0ba902b7-01'])('ignores %j', (header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it('prefers the incoming trace id to a new one when no span is active, and marks new ones', () => {
    expect(traceIdOf({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      generated: false,
    });
    const made = traceIdOf({});
    expect(made).toEqual({ traceId: expect.stringMatching(/^[0-9a-f]{32}$/), generated: true });
    expect(traceIdOf({}).traceId).not.toBe(made.traceId);
  });
});
