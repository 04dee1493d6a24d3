import { type INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '@acme/logging';
import { promtoolCheckMetrics, sample } from '@acme/testing';
import { exportingTo, type OtlpReceiver, setOtelEnv, shutdownTracing, startOtlpReceiver, startTracing } from '@acme/tracing';
import { LogCapture } from './spec-support/log-capture';

// A Nest app on Fastify with registerHttpTelemetry, called over HTTP, tracing to a real OTLP receiver.
describe('registerHttpTelemetry', () => {
  const logs = new LogCapture();
  let receiver: OtlpReceiver;
  let app: INestApplication;
  let url: string;
  /** The deadline the spec app's `callContext` adds to every handler's CallContext. */
  let callDeadline: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    setOtelEnv(exportingTo(receiver));
    startTracing({ serviceName: 'gateway', serviceVersion: '0.0.1' });
    const { startGateway, CALL_DEADLINE } = await import('./spec-support/http-app');
    callDeadline = CALL_DEADLINE.toISOString();
    ({ app, url } = await startGateway(logs));
  });

  afterAll(async () => {
    await app.close();
    await shutdownTracing();
    await receiver.close();
  });

  const linesOf = (requestId: string) => logs.lines.filter((line) => line['request_id'] === requestId);

  it('counts every request by route template and the status actually sent, guarded and unmatched ones too', async () => {
    for (const id of ['1', '2']) expect((await fetch(`${url}/things/${id}`)).status).toBe(200);
    expect((await fetch(`${url}/things/gone/3`)).status).toBe(404);
    expect((await fetch(`${url}/things/secret/4`)).status).toBe(401);
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);

    const text = await (await fetch(`${url}/metrics`)).text();
    const labels = { service: 'gateway', method: 'GET', route: '/things/:id' };
    expect(sample(text, 'http_server_requests_total', { ...labels, status_code: '200' })).toBe(2);
    expect(sample(text, 'http_server_request_duration_seconds_count', { ...labels, status_code: '200' })).toBe(2);
    expect(sample(text, 'http_server_requests_total', { ...labels, route: '/things/gone/:id', status_code: '404' })).toBe(1);
    expect(sample(text, 'http_server_requests_total', { ...labels, route: '/things/secret/:id', status_code: '401' })).toBe(1);
    expect(sample(text, 'http_server_requests_total', { ...labels, route: 'unmatched', status_code: '404' })).toBe(1);
    // The scrape itself is the one request in flight.
    expect(sample(text, 'http_server_requests_in_flight', { service: 'gateway', method: 'GET' })).toBe(1);
    await promtoolCheckMetrics(text);
  });

  it('names the HTTP server span after the route and writes one request line in its trace', async () => {
    const traceId = '5bf92f3577b34da6a3ce929d0e0e4736';
    const response = await fetch(`${url}/things/7`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-request-id': 'http-7', authorization: 'Bearer secret-token', cookie: 'session=abc' },
    });
    expect(response.headers.get('x-request-id')).toBe('http-7');
    // The handler ran in a CallContext holding the request id, past an await.
    expect(await response.json()).toEqual({ id: '7', requestId: 'http-7', deadline: callDeadline });

    const spans = await receiver.waitForSpans((all) => all.some((span) => span.traceId === traceId && span.kind === 'server'));
    const server = spans.find((span) => span.traceId === traceId && span.kind === 'server');
    expect(server).toMatchObject({ name: 'GET /things/:id', attributes: { 'http.route': '/things/:id' } });

    const requestLine = await logs.waitFor((line) => line['request_id'] === 'http-7' && line['msg'] === 'request completed');
    expect(requestLine).toMatchObject({
      level: 'info',
      service: 'gateway',
      version: '0.0.1',
      trace_id: traceId,
      span_id: server?.spanId,
      method: 'GET',
      url: '/things/7',
      status_code: 200,
    });
    expect(requestLine['duration_ms']).toEqual(expect.any(Number));
    expect(Object.keys(requestLine).filter((key) => /header|authorization|cookie/i.test(key))).toEqual([]);
    const appLine = linesOf('http-7').find((line) => line['msg'] === 'looking up thing');
    expect(appLine).toMatchObject({ context: 'ThingsController', trace_id: traceId, input: { password: REDACTED, name: 'ada' } });
    expect(linesOf('http-7').map((line) => line['msg'])).toEqual(['looking up thing', 'request completed']);
    expect(JSON.stringify(logs.lines)).not.toContain('secret-token');
    expect(JSON.stringify(logs.lines)).not.toContain('session=abc');
  });

  it('logs 4xx at warn and 5xx at error, gives unlabelled or forged requests a UUID, and skips /metrics', async () => {
    const failed = await fetch(`${url}/things/boom`, { headers: { 'x-request-id': 'forged id with spaces and "quotes"' } });
    expect(failed.status).toBe(500);
    const requestId = failed.headers.get('x-request-id') ?? '';
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await logs.waitFor((line) => line['request_id'] === requestId && line['msg'] === 'request errored')).toMatchObject({ level: 'error', status_code: 500 });

    const denied = await fetch(`${url}/things/secret/9`, { headers: { 'x-request-id': 'denied-9' } });
    expect(denied.status).toBe(401);
    expect(await logs.waitFor((line) => line['request_id'] === 'denied-9')).toMatchObject({ level: 'warn', msg: 'request completed', status_code: 401 });

    await fetch(`${url}/metrics`, { headers: { 'x-request-id': 'scrape' } });
    await fetch(`${url}/things/8`, { headers: { 'x-request-id': 'after-scrape' } });
    await logs.waitFor((line) => line['request_id'] === 'after-scrape' && line['msg'] === 'request completed');
    expect(linesOf('scrape')).toEqual([]);
  });

  // A POST's body is read before the handler runs, so Fastify's onRequestAbort hook never fires
  // for it: the case that left requests in flight for good.
  it.each([
    { method: 'GET', body: undefined },
    { method: 'POST', body: JSON.stringify({ name: 'ada' }) },
  ])('logs and counts a $method whose client went away before the answer, and leaves nothing in flight', async ({ method, body }) => {
    const { slow } = await import('./spec-support/http-app');
    slow.entered = Promise.withResolvers<void>();
    slow.gate = Promise.withResolvers<void>();
    const requestId = `gone-${method}`;
    const client = new AbortController();
    const headers = { 'x-request-id': requestId, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const pending = fetch(`${url}/things/slow`, { method, headers, body, signal: client.signal }).catch((error: unknown) => error);
    await slow.entered.promise;
    client.abort();
    expect(await pending).toBeInstanceOf(Error);
    const line = await logs.waitFor((candidate) => candidate['request_id'] === requestId);
    expect(line).toMatchObject({ level: 'info', msg: 'request aborted', status_code: 499, method, url: '/things/slow' });
    expect(line).not.toHaveProperty('duration_ms');
    // The line joins the request's trace, though the client is gone (no traceparent came).
    expect(line['trace_id']).toMatch(/^[0-9a-f]{32}$/);
    slow.gate.resolve();

    const text = await (await fetch(`${url}/metrics`)).text();
    expect(sample(text, 'http_server_requests_total', { service: 'gateway', method, route: '/things/slow', status_code: '499' })).toBe(1);
    // The GET /metrics answering this is the one request in flight.
    expect(sample(text, 'http_server_requests_in_flight', { service: 'gateway', method })).toBe(method === 'GET' ? 1 : 0);
  });
  it('runs the handler in one CallContext holding the request id and what callContext adds, and refuses what callContext throws on', async () => {
    const response = await fetch(`${url}/things/7`, { headers: { 'x-request-id': 'ctx-1' } });
    expect(await response.json()).toEqual({ id: '7', requestId: 'ctx-1', deadline: callDeadline });

    const refused = await fetch(`${url}/things/8`, { headers: { 'x-request-id': 'ctx-2', 'x-refuse': '1' } });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('refused by callContext');
    await logs.waitFor((line) => line['request_id'] === 'ctx-2' && line['msg'] === 'request completed');
    // The handler never ran: no "looking up thing" line for the refused request.
    expect(linesOf('ctx-2').map((line) => line['msg'])).toEqual(['request completed']);
  });
});
