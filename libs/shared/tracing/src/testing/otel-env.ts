import { type OtlpReceiver } from './otlp-receiver';

/**
 * Makes `vars` the only OTEL_* variables of this process, for a spec about to call startTracing:
 * whatever the shell or an earlier spec in the same worker set is gone.
 *
 * @example
 * setOtelEnv(exportingTo(receiver));
 * startTracing({ serviceName: 'spec', serviceVersion: '0.0.0' });
 */
export function setOtelEnv(vars: Readonly<Record<string, string>> = {}): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_')) delete process.env[key];
  Object.assign(process.env, vars);
}

/** OTEL_* variables that make an in-process SDK export to `receiver` ~20 ms after a span ends. */
export function exportingTo(receiver: OtlpReceiver): Record<string, string> {
  return { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '20' };
}
