import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@acme/errors';
import { waitFor } from '@acme/testing';
import { GatewayHarness } from '../spec/gateway.spec-helper';
import { bearer, expectProblem, json } from '../spec/http.spec-helper';

// A full GC on demand, without starting the test process with --expose-gc.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Memory still reachable after a full GC (JS heap + Buffers). RSS would mostly measure how
 * lazily V8 collects the garbage of 50 MB. The pause lets V8 release the backing stores of
 * collected Buffers, which it does off the main thread.
 */
async function retainedBytes(): Promise<number> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 20));
  // Again: the body kept streaming meanwhile, and its fresh garbage is not the body either.
  collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

const NDJSON = { 'content-type': 'application/x-ndjson' };

interface ImportResult {
  created: number;
  failed: { line: number; code: string; message: string }[];
  failedCount: number;
}

/** An NDJSON body produced line by line, never held whole (by the test or the gateway). */
function streamedBody(lines: number, line: (index: number) => string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      // A batch per pull keeps the producer fast without building the body up front.
      const batch: string[] = [];
      for (let end = Math.min(lines, index + 64); index < end; index++) batch.push(`${line(index)}\n`);
      if (batch.length > 0) controller.enqueue(encoder.encode(batch.join('')));
      if (index >= lines) controller.close();
    },
  });
}

describe('POST /v1/products/import (NDJSON, streamed)', () => {
  let gateway: GatewayHarness;
  let token: string;

  beforeAll(async () => {
    gateway = await GatewayHarness.start();
    token = await gateway.tokenFor({ id: randomUUID(), email: 'importer@example.com' });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  // redirect 'error': otherwise fetch tees a stream body (to replay it on a redirect) and the
  // unread branch buffers all of it, in the test process that measures memory.
  const post = (body: BodyInit, headers: Record<string, string> = {}): Promise<Response> =>
    gateway.fetch('/v1/products/import', {
      method: 'POST',
      headers: { ...NDJSON, ...bearer(token), ...headers },
      body,
      duplex: 'half',
      redirect: 'error',
    } as RequestInit);

  it('creates the valid lines and reports the others by line: local and service failures merged in order', async () => {
    const prefix = randomUUID().slice(0, 8);
    const lines = [
      JSON.stringify({ sku: `${prefix}-1`, name: 'one', priceCents: 100, currency: 'EUR', stock: 1 }),
      '{not json',
      JSON.stringify({ sku: `${prefix}-2`, name: 'two', priceCents: -1, currency: 'EUR', stock: 1 }),
      JSON.stringify({ sku: `${prefix}-1`, name: 'dup', priceCents: 100, currency: 'EUR', stock: 1 }),
      '',
      '[1, 2]',
      JSON.stringify({ sku: `${prefix}-3`, name: 'three', priceCents: 300, currency: 'EUR', stock: 3 }),
    ];
    const { status, body } = await json<ImportResult>(await post(`${lines.join('\r\n')}\n`));
    expect(status).toBe(200);
    expect(body.created).toBe(2);
    expect(body.failed).toEqual([
      { line: 2, code: 'MALFORMED_BODY', message: 'line 2 is not valid JSON' },
      { line: 3, code: 'VALIDATION_FAILED', message: expect.stringContaining('priceCents') },
      { line: 4, code: 'SKU_ALREADY_EXISTS', message: expect.any(String) },
      { line: 6, code: 'MALFORMED_BODY', message: 'line 6 is not a JSON object' },
    ]);
    expect(body.failedCount).toBe(4);
  });

  it('lists the first 1000 failed lines of either kind and counts them all', async () => {
    const prefix = randomUUID().slice(0, 8);
    // 3,000 lines: every tenth creates a product; of the others, even ones are refused by the
    // gateway (not JSON) and odd ones by the service (the same sku again; its first use, on
    // line 2, creates it).
    const creates = (i: number): boolean => i % 10 === 9 || i === 1;
    const body = streamedBody(3_000, (i) =>
      i % 10 === 9
        ? JSON.stringify({ sku: `${prefix}-${i}`, name: 'ok', priceCents: 1, currency: 'EUR', stock: 1 })
        : i % 2 === 0
          ? '{"broken": '
          : JSON.stringify({ sku: `${prefix}-dup`, name: 'dup', priceCents: 1, currency: 'EUR', stock: 1 }),
    );
    const { status, body: result } = await json<ImportResult>(await post(body));
    expect(status).toBe(200);
    expect(result.created).toBe(301);
    expect(result.failedCount).toBe(2_699);
    // Lines are 1-based: the lowest 1000 failed lines, in order, whichever side refused them.
    const expected = Array.from({ length: 3_000 }, (_, i) => i)
      .filter((i) => !creates(i))
      .map((i) => i + 1)
      .slice(0, 1000);
    expect(result.failed.map((failure) => failure.line)).toEqual(expected);
    expect(new Set(result.failed.map((failure) => failure.code))).toEqual(new Set(['MALFORMED_BODY', 'SKU_ALREADY_EXISTS']));
  });

  it('streams 20 000 lines through ImportProducts', async () => {
    const prefix = randomUUID().slice(0, 8);
    const body = streamedBody(20_000, (i) =>
      i % 1000 === 999 ? '{"broken": ' : JSON.stringify({ sku: `${prefix}-${i}`, name: `Product ${i}`, priceCents: i, currency: 'EUR', stock: i % 50 }),
    );
    const { status, body: result } = await json<ImportResult>(await post(body));
    expect(status).toBe(200);
    expect(result.created).toBe(19_980);
    expect(result.failed.map((failure) => failure.line)).toEqual(Array.from({ length: 20 }, (_, k) => (k + 1) * 1000));
  });

  it('does not hold a ~50 MB body in memory', async () => {
    gateway.stubs.importKeepsProducts = false;
    const description = 'd'.repeat(1900);
    const lines = 25_000;
    const prefix = randomUUID().slice(0, 8);
    const line = (i: number): string => JSON.stringify({ sku: `${prefix}-${i}`, name: 'big', description, priceCents: 1, currency: 'EUR', stock: 1 });
    // Warm up first: code compiled and caches filled on first use are not the body.
    expect((await post(streamedBody(200, (i) => line(lines + i)))).status).toBe(200);
    const baseline = await retainedBytes();
    let peak = baseline;
    let streaming = true;
    // Samples while the body streams: every sample costs a full GC, so not too often.
    const sampler = (async () => {
      while (streaming) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        peak = Math.max(peak, await retainedBytes());
      }
    })();
    try {
      const { status, body: result } = await json<ImportResult>(await post(streamedBody(lines, line)));
      expect(status).toBe(200);
      expect(result).toEqual({ created: lines, failed: [], failedCount: 0 });
    } finally {
      streaming = false;
      await sampler;
      gateway.stubs.importKeepsProducts = true;
    }
    // ~50 MB went through (gateway and stub share this process); reading the body whole
    // first measures about 150 MB here, streaming it 10 to 20 MB.
    expect((peak - baseline) / 1024 / 1024).toBeLessThan(30);
  });

  it('cancels the import call when the client aborts the upload, without logging an error', async () => {
    const calls = gateway.stubs.count('importProducts');
    const cancelled = gateway.stubs.cancelled.get('importProducts') ?? 0;
    const logged = gateway.logs.lines.length;
    const controller = new AbortController();
    const encoder = new TextEncoder();
    let sent = 0;
    // A body that never ends: a line per pull until the client gives up.
    const endless = new ReadableStream<Uint8Array>({
      pull: async (stream) => {
        sent += 1;
        stream.enqueue(encoder.encode(`${JSON.stringify({ sku: `endless-${sent}`, name: 'n', priceCents: 1, currency: 'EUR', stock: 1 })}\n`));
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    });
    const upload = gateway.fetch('/v1/products/import', {
      method: 'POST',
      headers: { ...NDJSON, ...bearer(token) },
      body: endless,
      duplex: 'half',
      redirect: 'error',
      signal: controller.signal,
    } as RequestInit);
    await waitFor(() => gateway.stubs.count('importProducts') > calls && sent > 20, { what: 'the import to be under way' });
    controller.abort();
    await expect(upload).rejects.toThrow();
    await waitFor(() => (gateway.stubs.cancelled.get('importProducts') ?? 0) > cancelled, { what: 'the stub to see ImportProducts cancelled' });
    // Answered as CANCELLED (499, nobody reads it), not as a failure of the gateway.
    const outcome = await waitFor(
      () => gateway.logs.lines.slice(logged).find((line) => line['context'] === 'ProblemDetails' && String(line.msg).startsWith('POST /v1/products/import')),
      { what: 'the outcome of the import to be logged' },
    );
    expect(outcome.msg).toContain('-> 499 CANCELLED');
    expect(gateway.logs.lines.slice(logged).filter((line) => line.level === 'error')).toEqual([]);
  });

  it('refuses a body that is not NDJSON with 415, and an anonymous caller with 401', async () => {
    await expectProblem(await post('{"sku":"x"}', { 'content-type': 'application/json' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const anonymous = await gateway.fetch('/v1/products/import', { method: 'POST', headers: NDJSON, body: '{}\n' });
    await expectProblem(anonymous, 401, 'UNAUTHENTICATED');
  });

  it('maps a failure of the import call itself', async () => {
    gateway.stubs.failNext('importProducts', new DomainError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'down for maintenance'));
    await expectProblem(await post('{"sku":"a","name":"a","priceCents":1,"currency":"EUR","stock":1}\n'), 503, 'UNAVAILABLE');
  });
});
