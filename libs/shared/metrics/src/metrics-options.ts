/** How an app exposes its metrics. */
export interface MetricsOptions {
  /** Value of the `service` label on every series. */
  readonly service: string;
  /**
   * Port of a separate HTTP server for `GET /metrics` (gRPC services: 9461, 9462, 9463; 0 picks
   * a free one, see MetricsServer.port). Omit it in an HTTP app to serve /metrics from the app.
   */
  readonly port?: number;
  /** Interface the metrics server binds; 0.0.0.0 by default so Prometheus can reach it. */
  readonly host?: string;
}

/** DI token of the MetricsOptions given to MetricsModule.forRoot. */
export const METRICS_OPTIONS = 'ACME:METRICS_OPTIONS';
