import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLE_RATIO, shutdownTracing, startTracing } from './start-tracing';
import { type OtlpReceiver, startOtlpReceiver } from './testing/otlp-receiver';
import { exportingTo, setOtelEnv } from './testing/otel-env';

// The default when exporting with no OTEL_TRACES_SAMPLER: parentbased_traceidratio at 0.1.
describe('startTracing default sampler when exporting', () => {
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    setOtelEnv(exportingTo(receiver));
    startTracing({ serviceName: 'sampler-spec', serviceVersion: '0.0.0' });
  });

  afterAll(async () => {
    await shutdownTracing();
    await receiver.close();
  });

  const tracer = () => trace.getTracer('sampler-spec');

  it('records about one new trace in ten, and every one it records is exported', async () => {
    const roots = 2_000;
    let recorded = 0;
    for (let index = 0; index < roots; index += 1) {
      const span = tracer().startSpan(`root-${index}`);
      if (span.isRecording()) recorded += 1;
      span.end();
    }
    // Trace ids are random: 200 expected, 4.5 standard deviations either side.
    expect(DEFAULT_SAMPLE_RATIO).toBe(0.1);
    expect(recorded).toBeGreaterThan(140);
    expect(recorded).toBeLessThan(260);
    const spans = await receiver.waitForSpans((all) => all.filter((span) => span.name.startsWith('root-')).length >= recorded);
    expect(spans.filter((span) => span.name.startsWith('root-'))).toHaveLength(recorded);
  });

  it("follows the caller's decision either way", () => {
    const fromParent = (flags: string) =>
      propagation.extract(ROOT_CONTEXT, { traceparent: `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-${flags}` });
    for (let index = 0; index < 20; index += 1) {
      const sampled = tracer().startSpan('child', {}, fromParent('01'));
      const unsampled = tracer().startSpan('child', {}, fromParent('00'));
      expect(sampled.isRecording()).toBe(true);
      expect(unsampled.isRecording()).toBe(false);
      // Unsampled work still carries the trace id onward.
      const carrier: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), unsampled), carrier);
      expect(carrier['traceparent']).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/);
      sampled.end();
      unsampled.end();
    }
  });
});
