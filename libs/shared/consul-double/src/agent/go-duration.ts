const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * Milliseconds of a Go duration string (`500ms`, `5s`, `1m30s`), the format of Consul's
 * Interval, Timeout, TTL, DeregisterCriticalServiceAfter and `wait`. A bare number counts
 * as nanoseconds (Go's JSON form of time.Duration). Undefined when unparsable.
 */
export function parseGoDuration(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'number') return value / 1e6;
  if (/^\d+$/.test(value)) return Number(value) / 1e6;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== value) return undefined;
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN), 0);
}
