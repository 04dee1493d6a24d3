import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TracedApps from './spec-support/traced-apps';
import { startGrpcClientSpan } from './grpc-spans';
import { currentSpanId, currentTraceId } from './span-ids';
import { shutdownTracing, startTracing } from './start-tracing';
import { type ReceivedSpan } from './testing/received-span';
import { type OtlpReceiver, startOtlpReceiver } from './testing/otlp-receiver';
import { withSpan } from './with-span';
import { exportingTo, setOtelEnv } from './testing/otel-env';

// One process, one SDK: this file starts it once with an OTLP exporter pointed at a real
// receiver, then loads NestJS and grpc-js (spec-support/traced-apps) the way an app does
// after its instrument.ts, and checks what arrives over OTLP.
// The type-only import above is erased; the module itself loads in beforeAll.
type Apps = typeof TracedApps;

describe('startTracing with an OTLP endpoint', () => {
  let receiver: OtlpReceiver;
  let apps: Apps;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    setOtelEnv({
      ...exportingTo(receiver),
      OTEL_SERVICE_NAME: 'tracing-spec',
      // Every root span recorded; the default ratio sampler has its own spec.
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      // NestJS handler spans are opt-in; this file checks them too.
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,pino,nestjs-core',
    });
    startTracing({ serviceName: 'overridden-by-env', serviceVersion: '1.2.3' });
    apps = await import('./spec-support/traced-apps');
  });

  afterAll(async () => {
    await shutdownTracing();
    await receiver.close();
  });

  const inTrace = (traceId: string) => (spans: readonly ReceivedSpan[]) => spans.filter((span) => span.traceId === traceId);

  it('exports withSpan spans over OTLP/protobuf with the resource from OTEL_* and the code', async () => {
    let traceId: string | undefined;
    let outerSpanId: string | undefined;
    await withSpan('outer', { 'acme.kind': 'test', 'acme.count': 2 }, async () => {
      traceId = currentTraceId();
      outerSpanId = currentSpanId();
      await expect(withSpan('inner', {}, () => Promise.reject(new Error('boom')), { kind: 'client' })).rejects.toThrow('boom');
    });
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const spans = inTrace(traceId!)(await receiver.waitForSpans((all) => inTrace(traceId!)(all).length === 2));
    const outer = spans.find((span) => span.name === 'outer');
    const inner = spans.find((span) => span.name === 'inner');
    expect(outer).toMatchObject({ spanId: outerSpanId, serviceName: 'tracing-spec', attributes: { 'acme.kind': 'test', 'acme.count': 2 } });
    expect(outer?.resource['service.version']).toBe('1.2.3');
    expect(inner).toMatchObject({ parentSpanId: outerSpanId, kind: 'client', status: { code: 'error', message: 'boom' } });
    expect(inner?.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('leaves grpc.health.v1 checks untraced on both sides', async () => {
    const health = await apps.startHealthCheckServer();
    try {
      let traceId = '';
      await withSpan('probe-caller', {}, async () => {
        traceId = currentTraceId() ?? '';
        expect(await health.check()).toBe('SERVING');
      });
      // The caller ends last: once it is exported, any span of the check would have been too.
      const spans = inTrace(traceId)(await receiver.waitForSpans((all) => all.some((span) => span.name === 'probe-caller')));
      expect(spans.map((span) => span.name)).toEqual(['probe-caller']);
    } finally {
      health.close();
    }
  });

  it('links gRPC client and server spans through the traceparent in metadata, with the status of the call', async () => {
    const server = await apps.startGrpcServer();
    const client = apps.grpcJsProductClient(server.port);
    const path = '/acme.product.v1.ProductService/GetProduct';
    // As @acme/grpc-client calls: a client span, its traceparent written into the metadata.
    const call = (id: string): Promise<number> => {
      const metadata = new apps.grpc.Metadata();
      const span = startGrpcClientSpan(path, metadata);
      return new Promise((resolve) =>
        client.getProduct({ id }, metadata, {}, (error) => {
          const code = error?.code ?? apps.grpc.status.OK;
          span.end(code, error?.details);
          resolve(code);
        }),
      );
    };
    try {
      let traceId = '';
      let callerSpanId = '';
      await withSpan('caller', {}, async () => {
        traceId = currentTraceId() ?? '';
        callerSpanId = currentSpanId() ?? '';
        expect(await call('p-1')).toBe(apps.grpc.status.OK);
        expect(await call('missing')).toBe(apps.grpc.status.NOT_FOUND);
      });

      const spans = inTrace(traceId)(await receiver.waitForSpans((all) => inTrace(traceId)(all).length === 5));
      const clients = spans.filter((span) => span.kind === 'client');
      const servers = spans.filter((span) => span.kind === 'server');
      const attributes = { 'rpc.system': 'grpc', 'rpc.service': 'acme.product.v1.ProductService', 'rpc.method': 'GetProduct' };
      for (const span of [...clients, ...servers]) {
        expect(span).toMatchObject({ name: 'grpc.acme.product.v1.ProductService/GetProduct', scopeName: '@acme/tracing', attributes });
      }
      expect(clients.map((span) => span.parentSpanId)).toEqual([callerSpanId, callerSpanId]);
      // Each server span is the child of its client span: the traceparent crossed the wire.
      for (const serverSpan of servers) {
        const clientSpan = clients.find((span) => span.spanId === serverSpan.parentSpanId);
        expect(clientSpan?.attributes['rpc.grpc.status_code']).toBe(serverSpan.attributes['rpc.grpc.status_code']);
        expect(clientSpan?.status).toEqual(serverSpan.status);
      }
      expect(servers.map((span) => [span.attributes['rpc.grpc.status_code'], span.status.code]).sort()).toEqual([
        [0, 'unset'],
        [5, 'error'],
      ]);
      expect(servers.find((span) => span.status.code === 'error')?.status.message).toBe('product missing not found');
      // The handlers ran inside their server spans, so onward calls and logs carry their ids.
      const handlerSpans = apps.seenInHandlers.splice(0);
      expect(handlerSpans.map((seen) => seen.traceId)).toEqual([traceId, traceId]);
      expect(handlerSpans.map((seen) => seen.spanId).sort()).toEqual(servers.map((span) => span.spanId).sort());
    } finally {
      client.close();
      server.close();
    }
  });

  it('continues an incoming W3C traceparent through HTTP, NestJS handler spans included, and skips /metrics', async () => {
    const { app, url } = await apps.startHttpApp();
    try {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const callerSpanId = '00f067aa0ba902b7';
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
      const response = await fetch(`${url}/hello/ada`, { headers: { traceparent: `00-${traceId}-${callerSpanId}-01`, 'user-agent': 'tracing-spec' } });
      expect(await response.json()).toEqual({ name: 'ada', traceId });

      const spans = inTrace(traceId)(await receiver.waitForSpans((all) => inTrace(traceId)(all).length >= 3));
      const httpSpan = spans.find((span) => span.kind === 'server');
      expect(httpSpan).toMatchObject({
        name: 'GET',
        parentSpanId: callerSpanId,
        scopeName: '@acme/tracing',
        status: { code: 'unset' },
        attributes: { 'http.request.method': 'GET', 'url.path': '/hello/ada', 'http.response.status_code': 200, 'user_agent.original': 'tracing-spec' },
      });
      const nestSpans = spans.filter((span) => span.scopeName === '@opentelemetry/instrumentation-nestjs-core');
      expect(nestSpans.map((span) => span.name).sort()).toEqual(['HelloController.hello', 'hello']);
      expect(nestSpans.find((span) => span.name === 'HelloController.hello')?.parentSpanId).toBe(httpSpan?.spanId);
      expect(receiver.spans().some((span) => span.name === 'Create Nest App')).toBe(true);
      expect(receiver.spans().some((span) => String(span.attributes['url.path']).startsWith('/metrics'))).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('marks an HTTP server span whose answer is a 5xx as an error', async () => {
    const { app, url } = await apps.startHttpApp();
    try {
      const traceId = '7bf92f3577b34da6a3ce929d0e0e4736';
      expect((await fetch(`${url}/hello/failing/now`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } })).status).toBe(500);
      const spans = inTrace(traceId)(await receiver.waitForSpans((all) => inTrace(traceId)(all).some((span) => span.kind === 'server')));
      expect(spans.find((span) => span.kind === 'server')).toMatchObject({
        status: { code: 'error' },
        attributes: { 'http.response.status_code': 500, 'error.type': '500' },
      });
    } finally {
      await app.close();
    }
  });

  it('shuts down once, however often it is asked', async () => {
    const first = shutdownTracing();
    expect(shutdownTracing()).toBe(first);
    await first;
    // After shutdown nothing more is exported, but the API stays usable.
    await expect(withSpan('after', {}, () => Promise.resolve(1))).resolves.toBe(1);
  });
});
