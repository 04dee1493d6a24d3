import { context, propagation, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentSpanId, currentTraceId } from './span-ids';
import { shutdownTracing, startTracing } from './start-tracing';
import { withSpan } from './with-span';
import { setOtelEnv } from './testing/otel-env';

describe('startTracing in the embedded default (no OTEL_* exporter variables)', () => {
  beforeAll(() => {
    setOtelEnv();
    startTracing({ serviceName: 'embedded', serviceVersion: '0.0.0' });
  });
  afterAll(() => shutdownTracing());

  it('records nothing but still gives every unit of work a W3C trace id that propagates', async () => {
    await withSpan('work', {}, async () => {
      expect(currentTraceId()).toMatch(/^[0-9a-f]{32}$/);
      expect(currentSpanId()).toMatch(/^[0-9a-f]{16}$/);
      expect(trace.getActiveSpan()?.isRecording()).toBe(false);
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      expect(carrier['traceparent']).toBe(`00-${currentTraceId()}-${currentSpanId()}-00`);
    });
  });

  it('ignores a second start', () => {
    expect(() => startTracing({ serviceName: 'again', serviceVersion: '0.0.0' })).not.toThrow();
  });
});
