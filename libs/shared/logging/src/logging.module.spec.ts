import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallContext } from '@acme/context';
import { currentTraceId, setOtelEnv, shutdownTracing, startTracing, withSpan } from '@acme/tracing';
import { Logger, PinoLogger } from 'nestjs-pino';
import { LoggingModule } from './logging.module';
import { pinoHttpOptions } from './pino-http-options';
import { REDACTED, redactSecrets } from './redact-secrets';
import { requestIdFor } from './request-id';

type LogLine = Record<string, unknown> & { msg?: string; level?: string };

describe('LoggingModule', () => {
  const lines: LogLine[] = [];
  let app: INestApplicationContext;

  beforeAll(async () => {
    setOtelEnv();
    // The embedded default: trace ids without export, as apps run it on a laptop.
    startTracing({ serviceName: 'logging-spec', serviceVersion: '1.2.3' });
    @Module({
      imports: [
        LoggingModule.forRoot({ service: 'logging-spec', version: '1.2.3', level: 'info', pretty: false, destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) } }),
      ],
    })
    class AppModule {}
    app = await NestFactory.createApplicationContext(AppModule, { bufferLogs: true });
    app.useLogger(app.get(Logger));
  });

  afterAll(async () => {
    await app.close();
    await shutdownTracing();
  });

  it('writes JSON lines with service, version, time, trace and request ids, and secrets redacted at every depth', async () => {
    const logger = await app.resolve(PinoLogger);
    logger.setContext('UsersController');
    let traceId: string | undefined;
    await withSpan('grpc-call', {}, async () => {
      traceId = currentTraceId();
      CallContext.run({ requestId: 'rpc-7' }, () =>
        logger.warn({ token: 't0ken', input: { password: 'hunter2', name: 'ada' }, req: { headers: { authorization: 'Bearer x', accept: '*/*' } } }, 'inside a call'),
      );
    });
    const line = lines.find((candidate) => candidate.msg === 'inside a call');
    expect(line).toMatchObject({
      level: 'warn',
      service: 'logging-spec',
      version: '1.2.3',
      context: 'UsersController',
      trace_id: traceId,
      request_id: 'rpc-7',
      token: REDACTED,
      input: { password: REDACTED, name: 'ada' },
      req: { headers: { authorization: REDACTED, accept: '*/*' } },
    });
    expect(line?.['span_id']).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof line?.['time']).toBe('string');
  });

  it('lets a line name its own request_id', async () => {
    const logger = await app.resolve(PinoLogger);
    CallContext.run({ requestId: 'outer' }, () => logger.info({ request_id: 'own' }, 'own id'));
    const line = lines.find((candidate) => candidate.msg === 'own id');
    expect(line?.['request_id']).toBe('own');
    expect(JSON.stringify(line).match(/request_id/g)).toHaveLength(1);
  });

  it('pretty-prints only when asked', () => {
    const base = { service: 's', version: 'v', level: 'info' };
    expect(pinoHttpOptions({ ...base, pretty: true }).transport).toMatchObject({ target: 'pino-pretty' });
    expect(pinoHttpOptions({ ...base, pretty: false }).transport).toBeUndefined();
  });
});

describe('redactSecrets', () => {
  it('replaces secret keys down to two levels and copies only what it changes', () => {
    const shared = { name: 'ada' };
    const input = { password: 'p', user: { token: 't', profile: { cookie: 'c', deeper: { password: 'kept' } } }, shared };
    const output = redactSecrets(input);
    expect(output).toEqual({ password: REDACTED, user: { token: REDACTED, profile: { cookie: REDACTED, deeper: { password: 'kept' } } }, shared });
    expect(input.password).toBe('p');
    expect(input.user.profile.cookie).toBe('c');
    expect(output['shared']).toBe(shared);
  });

  it('returns the same object when there is nothing to redact, and leaves errors and undefined values alone', () => {
    const error = Object.assign(new Error('boom'), { token: 'inside-error' });
    const input = { err: error, token: undefined, list: [{ password: 'in-array' }] };
    expect(redactSecrets(input)).toBe(input);
  });
});

describe('requestIdFor', () => {
  it("takes the caller's x-request-id when it is sane and makes a UUID otherwise", () => {
    expect(requestIdFor({ 'x-request-id': 'req-42' })).toBe('req-42');
    expect(requestIdFor({ 'x-request-id': 'forged id with "quotes"' })).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFor({})).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('LoggingModule on a real stdout', () => {
  it('writes a lone line within the flush interval and the last line before exit', async () => {
    const child = spawn(process.execPath, [join(__dirname, 'spec-support/stdout-child.cjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const sawFirst = new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`exited (${code}) before logging: ${output}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('first line')) resolve(Date.now());
      });
    });
    const logged = await sawFirst;
    // Still running: the line came from the periodic flush, not from the exit.
    expect(child.exitCode).toBeNull();
    child.stdin.write('exit\n');
    expect(await exited).toBe(0);
    expect(Date.now() - logged).toBeLessThan(5_000);
    const lines = output.trim().split('\n').map((line) => JSON.parse(line) as LogLine);
    expect(lines.map((line) => line.msg)).toEqual(['first line', 'last line']);
    expect(lines[1]).toMatchObject({ level: 'info', service: 'stdout-child' });
  });
});
