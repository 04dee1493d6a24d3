import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { Controller, Get } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@acme/errors';
import { GatewayHarness } from '../spec/gateway.spec-helper';
import { bearer, expectProblem, jsonBody } from '../spec/http.spec-helper';

@Controller('v1/test')
class FailingController {
  @Get('boom')
  boom(): never {
    throw new Error('connection string postgres://admin:hunter2@db');
  }
}

/** Status and headers of a request sent with node:http (chunked bodies, odd headers). */
function rawPost(url: string, headers: Record<string, string>, chunks: string[]): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('problem+json for every error', () => {
  let gateway: GatewayHarness;
  let token: string;
  const validProduct = { sku: 'S-1', name: 'n', priceCents: 100, currency: 'EUR', stock: 1 };

  beforeAll(async () => {
    gateway = await GatewayHarness.start({ controllers: [FailingController] });
    token = await gateway.tokenFor({ id: randomUUID(), email: 'tester@example.com' });
  });
  afterEach(() => gateway.stubs.resetScript());
  afterAll(async () => {
    await gateway?.close();
  });

  describe('gRPC status -> HTTP status, through GET /v1/products/{id}', () => {
    const table: Array<[keyof typeof GrpcStatus, number]> = [
      ['OK', 200],
      ['CANCELLED', 499],
      ['UNKNOWN', 500],
      ['INVALID_ARGUMENT', 400],
      ['DEADLINE_EXCEEDED', 504],
      ['NOT_FOUND', 404],
      ['ALREADY_EXISTS', 409],
      ['PERMISSION_DENIED', 403],
      ['RESOURCE_EXHAUSTED', 429],
      ['FAILED_PRECONDITION', 400],
      ['ABORTED', 409],
      ['OUT_OF_RANGE', 400],
      ['UNIMPLEMENTED', 501],
      ['INTERNAL', 500],
      ['UNAVAILABLE', 503],
      ['DATA_LOSS', 500],
      ['UNAUTHENTICATED', 401],
    ];

    it('covers all 17 codes', () => {
      expect(new Set(table.map(([name]) => GrpcStatus[name])).size).toBe(17);
    });

    it.each(table)('%s -> %i', async (name, httpStatus) => {
      const product = gateway.stubs.seedProduct();
      const reason = `TEST_${name}`;
      // Enough failures to outlast the retries of UNAVAILABLE on this idempotent read.
      if (name !== 'OK') {
        gateway.stubs.failNext('getProduct', new DomainError(GrpcStatus[name], reason, `secret detail of ${name}`, { domain: 'product.acme.dev' }), 5);
      }
      const response = await gateway.fetch(`/v1/products/${product.id}`);
      if (name === 'OK') {
        expect(response.status).toBe(200);
        return;
      }
      const problem = await expectProblem(response, httpStatus, reason);
      // 5xx details stay in the log: the client gets the title.
      if (httpStatus >= 500) expect(problem.detail).toBe(problem.title);
      else expect(problem.detail).toBe(`secret detail of ${name}`);
    });
  });

  it("passes a service's google.rpc.BadRequest field violations on as errors[]", async () => {
    gateway.stubs.failNext(
      'createUser',
      new DomainError(GrpcStatus.INVALID_ARGUMENT, 'VALIDATION_FAILED', 'invalid user', {
        domain: 'user.acme.dev',
        fieldViolations: [
          { field: 'email', description: 'must be a deliverable address' },
          { field: 'name', description: 'must not be blank' },
        ],
      }),
    );
    const problem = await expectProblem(
      await gateway.fetch('/v1/users', jsonBody({ email: 'a@b.co', name: 'n', password: 'long enough password' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([
      { field: 'email', description: 'must be a deliverable address' },
      { field: 'name', description: 'must not be blank' },
    ]);
  });

  it("never passes a service's internal error message on, but logs it", async () => {
    const product = gateway.stubs.seedProduct();
    gateway.stubs.failNext('getProduct', new Error('db password=hunter2 leaked?'));
    const response = await gateway.fetch(`/v1/products/${product.id}`);
    const problem = await expectProblem(response, 500, 'INTERNAL');
    expect(JSON.stringify(problem)).not.toContain('hunter2');
    expect(gateway.logs.at('error').some((line) => JSON.stringify(line).includes('hunter2') && JSON.stringify(line).includes(problem.traceId))).toBe(true);
  });

  it('answers 500 INTERNAL when a backend response lacks the message its contract promises', async () => {
    gateway.stubs.respondEmpty('getProduct');
    const problem = await expectProblem(await gateway.fetch(`/v1/products/${randomUUID()}`), 500, 'INTERNAL');
    expect(gateway.logs.containing(problem.traceId).some((line) => String(line.msg).includes('no product'))).toBe(true);
  });

  it('turns an unexpected exception in the gateway into 500 INTERNAL, with message and stack in the log only', async () => {
    const problem = await expectProblem(await gateway.fetch('/v1/test/boom'), 500, 'INTERNAL');
    expect(problem.detail).toBe('Internal Server Error');
    expect(JSON.stringify(problem)).not.toContain('hunter2');
    const logged = JSON.stringify(gateway.logs.at('error').find((line) => JSON.stringify(line).includes(problem.traceId)));
    expect(logged).toContain('postgres://admin:hunter2@db');
    expect(logged).toMatch(/at FailingController\.boom/);
  });

  describe('edge errors', () => {
    it('malformed JSON -> 400 MALFORMED_BODY (FST_ERR_CTP_INVALID_JSON_BODY)', async () => {
      await expectProblem(await gateway.fetch('/v1/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' }), 400, 'MALFORMED_BODY');
    });

    it('an empty JSON body -> 400 MALFORMED_BODY (FST_ERR_CTP_EMPTY_JSON_BODY)', async () => {
      await expectProblem(await gateway.fetch('/v1/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' }), 400, 'MALFORMED_BODY');
    });

    it('wrong types and out-of-range values -> 400 VALIDATION_FAILED with one error per field, no implicit conversion', async () => {
      const problem = await expectProblem(
        await gateway.fetch('/v1/products', jsonBody({ sku: 'S-1', name: 'n', priceCents: '100', currency: 'EUR', stock: -5 }, bearer(token))),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors?.map((e) => e.field).sort()).toEqual(['priceCents', 'stock']);
    });

    it('unknown fields -> 400 VALIDATION_FAILED naming them', async () => {
      const problem = await expectProblem(await gateway.fetch('/v1/products', jsonBody({ ...validProduct, color: 'red' }, bearer(token))), 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([{ field: 'color', description: expect.stringContaining('should not exist') }]);
    });

    it('a JSON body that is not an object -> 400 VALIDATION_FAILED', async () => {
      await expectProblem(await gateway.fetch('/v1/products', jsonBody([validProduct], bearer(token))), 400, 'VALIDATION_FAILED');
      await expectProblem(await gateway.fetch('/v1/products', jsonBody('text', bearer(token))), 400, 'VALIDATION_FAILED');
    });

    it('a body over 1 MiB -> 413 PAYLOAD_TOO_LARGE (FST_ERR_CTP_BODY_TOO_LARGE), by Content-Length and when chunked', async () => {
      const big = JSON.stringify({ email: 'a@b.co', name: 'x'.repeat(1024 * 1024), password: 'long enough password' });
      await expectProblem(await gateway.fetch('/v1/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }), 413, 'PAYLOAD_TOO_LARGE');
      const chunked = await rawPost(`${gateway.baseUrl}/v1/users`, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, [
        big.slice(0, 600_000),
        big.slice(600_000),
      ]);
      expect(chunked.status).toBe(413);
      expect(chunked.contentType).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(chunked.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    });

    it('a content type the route does not take -> 415 UNSUPPORTED_MEDIA_TYPE (FST_ERR_CTP_INVALID_MEDIA_TYPE)', async () => {
      await expectProblem(await gateway.fetch('/v1/users', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'email=a' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      await expectProblem(
        await gateway.fetch('/v1/users', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      await expectProblem(
        await gateway.fetch('/v1/users', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: '{}\n' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      const untyped = await rawPost(`${gateway.baseUrl}/v1/users`, { 'content-length': '2' }, ['{}']);
      expect(untyped.status).toBe(415);
      expect(JSON.parse(untyped.body)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('an unknown route or method -> 404 ROUTE_NOT_FOUND', async () => {
      await expectProblem(await gateway.fetch('/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
      await expectProblem(await gateway.fetch('/v1/users', { method: 'DELETE' }), 404, 'ROUTE_NOT_FOUND');
    });
  });

  describe('traceId', () => {
    it("is the incoming traceparent's trace id when there is no active span", async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const response = await gateway.fetch('/v1/nothing-here', { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
      expect((await expectProblem(response, 404, 'ROUTE_NOT_FOUND')).traceId).toBe(traceId);
    });

    it('is generated, and logged, when the request brings none', async () => {
      const first = await expectProblem(await gateway.fetch('/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
      const second = await expectProblem(await gateway.fetch('/v1/nothing-here', { headers: { traceparent: 'garbage' } }), 404, 'ROUTE_NOT_FOUND');
      expect(first.traceId).not.toBe(second.traceId);
      for (const { traceId } of [first, second]) expect(gateway.logs.containing(traceId)).not.toHaveLength(0);
    });
  });
});
