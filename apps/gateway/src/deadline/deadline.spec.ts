import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@acme/errors';
import { waitFor } from '@acme/testing';
import { GatewayHarness } from '../spec/gateway.spec-helper';
import { bearer, expectProblem, json, jsonBody } from '../spec/http.spec-helper';

const BUDGET_MS = 1_000;

describe('deadlines, cancellation and retries', () => {
  let gateway: GatewayHarness;
  let token: string;

  beforeAll(async () => {
    gateway = await GatewayHarness.start({ env: { REQUEST_TIMEOUT_MS: String(BUDGET_MS) } });
    token = await gateway.tokenFor({ id: randomUUID(), email: 'buyer@example.com' });
  });
  afterEach(() => gateway.stubs.resetScript());
  afterAll(async () => {
    await gateway?.close();
  });

  /** GET /v1/products/{id} against a stub that never answers: status and elapsed ms. */
  async function hangingRead(headers: Record<string, string> = {}): Promise<{ response: Response; elapsed: number; started: number }> {
    const product = gateway.stubs.seedProduct();
    gateway.stubs.hang('getProduct');
    const started = Date.now();
    const response = await gateway.fetch(`/v1/products/${product.id}`, { headers });
    return { response, elapsed: Date.now() - started, started };
  }

  describe('with a backend that never answers', () => {
    it('answers 504 DEADLINE_EXCEEDED when the default budget is spent, not later', async () => {
      const { response, elapsed, started } = await hangingRead();
      await expectProblem(response, 504, 'DEADLINE_EXCEEDED');
      expect(elapsed).toBeGreaterThanOrEqual(BUDGET_MS - 50);
      expect(elapsed).toBeLessThan(BUDGET_MS + 400);
      // The budget travelled as the gRPC deadline.
      expect(Math.abs((gateway.stubs.deadlines.get('getProduct') ?? 0) - (started + BUDGET_MS))).toBeLessThan(150);
    });

    it('lets a grpc-timeout header shorten the budget', async () => {
      const { response, elapsed, started } = await hangingRead({ 'grpc-timeout': '200m' });
      await expectProblem(response, 504, 'DEADLINE_EXCEEDED');
      expect(elapsed).toBeGreaterThanOrEqual(150);
      expect(elapsed).toBeLessThan(600);
      expect(Math.abs((gateway.stubs.deadlines.get('getProduct') ?? 0) - (started + 200))).toBeLessThan(150);
    });

    it('never lets grpc-timeout lengthen it', async () => {
      const { response, elapsed } = await hangingRead({ 'grpc-timeout': '10S' });
      await expectProblem(response, 504, 'DEADLINE_EXCEEDED');
      expect(elapsed).toBeLessThan(BUDGET_MS + 400);
    });
  });

  it('refuses a malformed grpc-timeout with 400', async () => {
    const problem = await expectProblem(await gateway.fetch(`/v1/products/${randomUUID()}`, { headers: { 'grpc-timeout': '5 seconds' } }), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([{ field: 'grpc-timeout', description: expect.any(String) }]);
  });

  it('cancels the gRPC call when the HTTP client disconnects', async () => {
    const product = gateway.stubs.seedProduct();
    gateway.stubs.hang('createOrder');
    const calls = gateway.stubs.count('createOrder');
    const controller = new AbortController();
    const pending = gateway.fetch('/v1/orders', { ...jsonBody({ items: [{ productId: product.id, quantity: 1 }] }, bearer(token)), signal: controller.signal });
    await waitFor(() => gateway.stubs.count('createOrder') > calls, { what: 'the call to reach the stub' });
    const abortedAt = Date.now();
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(() => (gateway.stubs.cancelledAt.get('createOrder') ?? 0) >= abortedAt, { what: 'the stub to see the call cancelled' });
    // Well before the deadline would have ended it.
    expect((gateway.stubs.cancelledAt.get('createOrder') ?? 0) - abortedAt).toBeLessThan(BUDGET_MS / 2);
  });

  describe('retries', () => {
    const unavailable = new DomainError(GrpcStatus.UNAVAILABLE, 'UNAVAILABLE', 'instance restarting');

    it('retries a read that failed once with UNAVAILABLE, transparently', async () => {
      const product = gateway.stubs.seedProduct();
      gateway.stubs.failNext('getProduct', unavailable);
      const calls = gateway.stubs.count('getProduct');
      const read = await json(await gateway.fetch(`/v1/products/${product.id}`));
      expect(read).toMatchObject({ status: 200, body: { id: product.id } });
      expect(gateway.stubs.count('getProduct') - calls).toBe(2);
    });

    it('does not retry a write: POST /v1/orders answers 503 after one attempt', async () => {
      const product = gateway.stubs.seedProduct();
      gateway.stubs.failNext('createOrder', unavailable);
      const calls = gateway.stubs.count('createOrder');
      await expectProblem(await gateway.fetch('/v1/orders', jsonBody({ items: [{ productId: product.id, quantity: 1 }] }, bearer(token))), 503, 'UNAVAILABLE');
      expect(gateway.stubs.count('createOrder') - calls).toBe(1);
    });
  });
});
