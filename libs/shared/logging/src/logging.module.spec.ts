import { type INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallContext } from '@acme/context';
import { currentTraceId, shutdownTracing, startTracing, withSpan } from '@acme/tracing';
import { PinoLogger } from 'nestjs-pino';
import { pinoHttpOptions } from './pino-http-options';
import { REDACTED } from './redact-paths';

type LogLine = Record<string, unknown> & { msg?: string; level?: string };

describe('LoggingModule', () => {
  const lines: LogLine[] = [];
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_')) delete process.env[key];
    // The embedded default: trace ids without export, as apps run it on a laptop.
    startTracing({ serviceName: 'logging-spec', serviceVersion: '1.2.3' });
    const { startLoggedApp } = await import('./spec-support/logged-app');
    ({ app, url } = await startLoggedApp({ write: (line: string) => void lines.push(JSON.parse(line) as LogLine) }));
  });

  afterAll(async () => {
    await app.close();
    await shutdownTracing();
  });

  const linesOf = (requestId: string) => lines.filter((line) => line['request_id'] === requestId);

  it('writes one request line per HTTP request with method, url, status, duration, ids, and no secrets', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const response = await fetch(`${url}/users/42`, {
      headers: {
        'x-request-id': 'req-42',
        'traceparent': `00-${traceId}-b7ad6b7169203331-01`,
        'authorization': 'Bearer secret-token',
        'cookie': 'session=abc',
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-42');

    const [appLine, requestLine] = linesOf('req-42');
    expect(requestLine).toMatchObject({
      level: 'info',
      msg: 'request completed',
      service: 'logging-spec',
      version: '1.2.3',
      trace_id: traceId,
      req: { method: 'GET', url: '/users/42' },
      res: { statusCode: 200 },
    });
    expect(requestLine?.['duration_ms']).toEqual(expect.any(Number));
    expect(requestLine?.['span_id']).toMatch(/^[0-9a-f]{16}$/);
    // Request lines carry no headers at all, so credentials cannot leak through them.
    expect(requestLine?.['req']).not.toHaveProperty('headers');
    expect(JSON.stringify(lines)).not.toContain('secret-token');
    expect(JSON.stringify(lines)).not.toContain('session=abc');

    expect(appLine).toMatchObject({
      msg: 'looking up user',
      context: 'UsersController',
      trace_id: traceId,
      input: { password: REDACTED, name: 'ada' },
      accessToken: REDACTED,
    });
    expect(typeof appLine?.['time']).toBe('string');
  });

  it('logs failed requests at error level, gives unlabelled requests an id, and skips /metrics', async () => {
    const failed = await fetch(`${url}/users/boom`);
    expect(failed.status).toBe(500);
    const requestId = failed.headers.get('x-request-id') ?? '';
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(linesOf(requestId).find((line) => line.msg === 'request errored')).toMatchObject({ level: 'error', res: { statusCode: 500 } });

    const before = lines.length;
    await fetch(`${url}/metrics`);
    await fetch(`${url}/users/after-metrics`, { headers: { 'x-request-id': 'after-metrics' } });
    expect(lines.slice(before).some((line) => JSON.stringify(line).includes('/metrics'))).toBe(false);
    expect(linesOf('after-metrics').length).toBeGreaterThan(0);
  });

  it('rejects a forged request id', async () => {
    const response = await fetch(`${url}/users/1`, { headers: { 'x-request-id': 'forged id with spaces and "quotes"' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('adds trace and request ids outside HTTP too, as a gRPC service logs', async () => {
    const logger = await app.resolve(PinoLogger);
    let traceId: string | undefined;
    await withSpan('grpc-call', {}, async () => {
      traceId = currentTraceId();
      CallContext.run({ requestId: 'rpc-7' }, () => logger.warn({ token: 't0ken' }, 'inside a call'));
    });
    expect(lines.find((line) => line.msg === 'inside a call')).toMatchObject({
      level: 'warn',
      service: 'logging-spec',
      trace_id: traceId,
      request_id: 'rpc-7',
      token: REDACTED,
    });
  });

  it('pretty-prints only when asked', () => {
    const base = { service: 's', version: 'v', level: 'info' };
    expect(pinoHttpOptions({ ...base, pretty: true }).transport).toMatchObject({ target: 'pino-pretty' });
    expect(pinoHttpOptions({ ...base, pretty: false }).transport).toBeUndefined();
  });
});
