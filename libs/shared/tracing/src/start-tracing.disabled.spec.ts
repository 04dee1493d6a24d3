import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTraceId } from './span-ids';
import { shutdownTracing, startTracing } from './start-tracing';
import { withSpan } from './with-span';
import { setOtelEnv } from './testing/otel-env';

describe('startTracing with OTEL_SDK_DISABLED=true', () => {
  beforeAll(() => {
    setOtelEnv({ OTEL_SDK_DISABLED: 'true' });
    startTracing({ serviceName: 'disabled', serviceVersion: '0.0.0' });
  });
  afterAll(() => shutdownTracing());

  it('starts nothing: no trace ids, and withSpan still runs the work', async () => {
    await expect(withSpan('work', {}, () => Promise.resolve(currentTraceId()))).resolves.toBeUndefined();
  });
});
