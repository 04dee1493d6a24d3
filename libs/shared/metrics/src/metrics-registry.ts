import { collectDefaultMetrics, Registry } from 'prom-client';

const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** DI token of the app's prom-client Registry. */
export const METRICS_REGISTRY = 'ACME:METRICS_REGISTRY';

/**
 * The app's one registry: process and Node.js runtime metrics (CPU, memory, GC, event-loop lag,
 * handles), all labelled with the service. Its own registry rather than prom-client's global one,
 * so two apps in one test process do not clash over metric names.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  // Gauges named like counters fail `promtool check metrics`; the same numbers remain, split
  // by type, in nodejs_active_handles / nodejs_active_requests / nodejs_active_resources.
  for (const name of MISNAMED_DEFAULT_GAUGES) registry.removeSingleMetric(name);
  return registry;
}
