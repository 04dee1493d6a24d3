import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from './otlp-receiver';

describe('startOtlpReceiver', () => {
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  /** Spans made by a local provider and sent by the real OTLP/protobuf exporter. */
  async function exportSpans(compression: 'none' | 'gzip', build: (provider: TracerProvider) => void): Promise<void> {
    const exporter = new OTLPTraceExporter({ url: `${receiver.url}/v1/traces`, compression: compression as never });
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'receiver-spec', 'service.version': '9.9.9' }),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    build(provider);
    await provider.forceFlush();
    await provider.shutdown();
  }

  it('decodes spans, ids, parents, attributes, events and status from the real exporter', async () => {
    let traceId = '';
    await exportSpans('none', (provider) => {
      const tracer = provider.getTracer('receiver-spec-scope');
      const parent = tracer.startSpan('parent', { attributes: { 'text': 'a', 'count': 3, 'ratio': 0.5, 'flag': true, 'list': ['x', 'y'] } });
      traceId = parent.spanContext().traceId;
      const child = tracer.startSpan('child', { kind: SpanKind.SERVER }, trace.setSpan(context.active(), parent));
      child.addEvent('happened', { detail: 'yes' });
      child.setStatus({ code: SpanStatusCode.ERROR, message: 'broken' });
      child.end();
      parent.end();
    });

    const spans = await receiver.waitForSpans((all) => all.filter((span) => span.traceId === traceId).length === 2, 5_000);
    const parent = spans.find((span) => span.name === 'parent');
    const child = spans.find((span) => span.name === 'child');
    expect(parent).toMatchObject({
      traceId,
      parentSpanId: undefined,
      kind: 'internal',
      serviceName: 'receiver-spec',
      scopeName: 'receiver-spec-scope',
      attributes: { text: 'a', count: 3, ratio: 0.5, flag: true, list: ['x', 'y'] },
      status: { code: 'unset', message: '' },
    });
    expect(parent?.resource['service.version']).toBe('9.9.9');
    expect(parent?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child).toMatchObject({
      traceId,
      parentSpanId: parent?.spanId,
      kind: 'server',
      status: { code: 'error', message: 'broken' },
      events: [{ name: 'happened', attributes: { detail: 'yes' } }],
    });
    expect(child!.endTimeUnixNano).toBeGreaterThanOrEqual(child!.startTimeUnixNano);
  });

  it('accepts gzip-compressed exports', async () => {
    let traceId = '';
    await exportSpans('gzip', (provider) => {
      const span = provider.getTracer('gzip').startSpan('compressed');
      traceId = span.spanContext().traceId;
      span.end();
    });
    const spans = await receiver.waitForSpans((all) => all.some((span) => span.traceId === traceId), 5_000);
    expect(spans.find((span) => span.traceId === traceId)?.name).toBe('compressed');
  });

  it('rejects bodies that are not OTLP protobuf and times out with what it got', async () => {
    const response = await fetch(`${receiver.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(415);
    await expect(receiver.waitForSpans(() => false, 50)).rejects.toThrow(/not received within 50 ms; got: .*parent/);
  });
});
