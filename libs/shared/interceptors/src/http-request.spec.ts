import { type INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, shutdownTracing, startOtlpReceiver, startTracing } from '@acme/tracing';
import { sample } from './spec-support/exposition';
import { LogCapture } from './spec-support/log-capture';
import { promtoolCheckMetrics } from './spec-support/promtool';

describe('InterceptorsModule on HTTP requests', () => {
  const logs = new LogCapture();
  let receiver: OtlpReceiver;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_')) delete process.env[key];
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = receiver.url;
    process.env['OTEL_BSP_SCHEDULE_DELAY'] = '20';
    startTracing({ serviceName: 'gateway', serviceVersion: '0.0.1' });
    const { startGateway } = await import('./spec-support/http-app');
    ({ app, url } = await startGateway(logs));
  });

  afterAll(async () => {
    await app.close();
    await shutdownTracing();
    await receiver.close();
  });

  it('counts requests by route template and the status actually sent', async () => {
    for (const id of ['1', '2']) {
      const response = await fetch(`${url}/things/${id}`);
      expect(await response.json()).toEqual({ id, hasCallContext: false });
    }
    expect((await fetch(`${url}/things/gone/3`)).status).toBe(404);

    const text = await (await fetch(`${url}/metrics`)).text();
    const labels = { service: 'gateway', method: 'GET', route: '/things/:id' };
    expect(sample(text, 'http_server_requests_total', { ...labels, status_code: '200' })).toBe(2);
    expect(sample(text, 'http_server_request_duration_seconds_count', { ...labels, status_code: '200' })).toBe(2);
    expect(sample(text, 'http_server_requests_total', { ...labels, route: '/things/gone/:id', status_code: '404' })).toBe(1);
    // The scrape itself is the one request in flight.
    expect(sample(text, 'http_server_requests_in_flight', { service: 'gateway', method: 'GET' })).toBe(1);
    await promtoolCheckMetrics(text);
  });

  it('names the HTTP server span after the route and leaves the log line to pino-http', async () => {
    const traceId = '5bf92f3577b34da6a3ce929d0e0e4736';
    await fetch(`${url}/things/7`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-request-id': 'http-7' } });
    const spans = await receiver.waitForSpans((all) => all.some((span) => span.traceId === traceId && span.kind === 'server'));
    expect(spans.find((span) => span.traceId === traceId && span.kind === 'server')).toMatchObject({
      name: 'GET /things/:id',
      attributes: { 'http.route': '/things/:id' },
    });
    const lines = logs.lines.filter((line) => line['request_id'] === 'http-7');
    expect(lines.map((line) => line['msg'])).toEqual(['request completed']);
  });
});
