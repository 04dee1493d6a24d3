import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setOtelEnv, shutdownTracing, startTracing } from '@acme/tracing';
import { type GatewayHarness } from '../spec/gateway.spec-helper';
import { expectProblem } from '../spec/http.spec-helper';

// With tracing on, as main.ts runs it: the problem's traceId is the active span's, the same
// the request log line carries, and a W3C traceparent continues the caller's trace.
describe('traceId with OpenTelemetry on', () => {
  let gateway: GatewayHarness;

  beforeAll(async () => {
    setOtelEnv();
    // The embedded default: trace ids and propagation, nothing exported.
    startTracing({ serviceName: 'gateway-spec', serviceVersion: '0.0.0' });
    // Loaded after startTracing, as instrument.ts orders it for main.ts.
    const { GatewayHarness } = await import('../spec/gateway.spec-helper');
    gateway = await GatewayHarness.start();
  });
  afterAll(async () => {
    await gateway?.close();
    await shutdownTracing();
  });

  it("is the active span's trace id, the one the request log line carries", async () => {
    const response = await gateway.fetch('/v1/nothing-here', { headers: { 'x-request-id': 'traced-404' } });
    const problem = await expectProblem(response, 404, 'ROUTE_NOT_FOUND');
    const requestLine = gateway.logs.lines.find((line) => line['request_id'] === 'traced-404' && line.msg === 'request completed');
    expect(requestLine?.['trace_id']).toBe(problem.traceId);
  });

  it("continues the caller's trace from traceparent", async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const response = await gateway.fetch('/v1/users', { method: 'POST', headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-b7ad6b7169203331-01` }, body: '{' });
    expect((await expectProblem(response, 400, 'MALFORMED_BODY')).traceId).toBe(traceId);
  });
});
