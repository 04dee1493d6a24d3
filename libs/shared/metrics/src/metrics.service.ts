import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { grpcStatusName } from './grpc-status-name';
import { METRICS_REGISTRY } from './metrics-registry';

/** How a gRPC method streams, as the `grpc_type` label. */
export type GrpcCallType = 'unary' | 'client_stream' | 'server_stream' | 'bidi_stream';

/** The method a server-side gRPC call is for. */
export interface GrpcCallLabels {
  /** Fully qualified service ("acme.product.v1.ProductService"). */
  readonly service: string;
  /** Method name as in the proto ("GetProduct"). */
  readonly method: string;
  readonly type: GrpcCallType;
}

/** A finished outgoing gRPC call, as @acme/grpc-client reports it (its FinishedCall). */
export interface ClientCallRecord {
  readonly service: string;
  readonly method: string;
  /** gRPC status code (grpc-js `status`). */
  readonly code: number;
  readonly durationSeconds: number;
}

/** Request latency buckets in seconds: 5 ms to 10 s, Prometheus' defaults. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The RED metrics of an app (rate, errors, duration) for HTTP requests, gRPC calls served and
 * gRPC calls made, plus open client channels. Interceptors record the server side; the gRPC
 * client reports through `recordClientCall`.
 *
 * @example
 * const finish = metrics.startGrpcCall({ service: 'acme.product.v1.ProductService', method: 'GetProduct', type: 'unary' });
 * finish(status.OK);
 * createGrpcClient(definition, channel, { defaultTimeoutMs: 2000, onCallEnd: metrics.recordClientCall });
 */
@Injectable()
export class Metrics {
  private readonly httpRequests: Counter<'method' | 'route' | 'status_code'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly httpInFlight: Gauge<'method'>;
  private readonly grpcHandled: Counter<'grpc_service' | 'grpc_method' | 'grpc_type' | 'grpc_code'>;
  private readonly grpcHandling: Histogram<'grpc_service' | 'grpc_method' | 'grpc_type'>;
  private readonly grpcInFlight: Gauge<'grpc_service' | 'grpc_method' | 'grpc_type'>;
  private readonly clientHandled: Counter<'grpc_service' | 'grpc_method' | 'grpc_code'>;
  private readonly clientHandling: Histogram<'grpc_service' | 'grpc_method'>;
  private readonly clientChannels: Gauge<'target'>;

  constructor(@Inject(METRICS_REGISTRY) readonly registry: Registry) {
    const registers = [registry];
    this.httpRequests = new Counter({ name: 'http_server_requests_total', help: 'HTTP requests handled, by route template and status.', labelNames: ['method', 'route', 'status_code'], registers });
    this.httpDuration = new Histogram({ name: 'http_server_request_duration_seconds', help: 'Time to handle an HTTP request.', labelNames: ['method', 'route', 'status_code'], buckets: DURATION_BUCKETS, registers });
    this.httpInFlight = new Gauge({ name: 'http_server_requests_in_flight', help: 'HTTP requests being handled now.', labelNames: ['method'], registers });
    this.grpcHandled = new Counter({ name: 'grpc_server_handled_total', help: 'gRPC calls completed by the server, by status.', labelNames: ['grpc_service', 'grpc_method', 'grpc_type', 'grpc_code'], registers });
    this.grpcHandling = new Histogram({ name: 'grpc_server_handling_seconds', help: 'Time from a gRPC call reaching its handler to its status (streams: whole stream).', labelNames: ['grpc_service', 'grpc_method', 'grpc_type'], buckets: DURATION_BUCKETS, registers });
    this.grpcInFlight = new Gauge({ name: 'grpc_server_in_flight', help: 'gRPC calls (and open streams) being handled now.', labelNames: ['grpc_service', 'grpc_method', 'grpc_type'], registers });
    this.clientHandled = new Counter({ name: 'grpc_client_handled_total', help: 'gRPC calls made to other services, by status.', labelNames: ['grpc_service', 'grpc_method', 'grpc_code'], registers });
    this.clientHandling = new Histogram({ name: 'grpc_client_handling_seconds', help: 'Time until a gRPC call made to another service got its status.', labelNames: ['grpc_service', 'grpc_method'], buckets: DURATION_BUCKETS, registers });
    this.clientChannels = new Gauge({ name: 'grpc_client_channels', help: 'Open gRPC client channels, by target.', labelNames: ['target'], registers });
  }

  /**
   * Counts an HTTP request as in flight; the returned function records it once it finished with
   * the status sent. `route` is the route template (`/v1/orders/:id`, never the raw URL: one
   * series per route), known once the router matched, before any handler ran.
   */
  startHttpRequest(method: string, route: string): (statusCode: number) => void {
    const started = performance.now();
    this.httpInFlight.inc({ method });
    return once((statusCode) => {
      const labels = { method, route, status_code: String(statusCode) };
      this.httpInFlight.dec({ method });
      this.httpRequests.inc(labels);
      this.httpDuration.observe(labels, (performance.now() - started) / 1000);
    });
  }

  /** Counts a gRPC call as in flight; the returned function records its final status once. */
  startGrpcCall(call: GrpcCallLabels): (code: number) => void {
    const started = performance.now();
    const labels = { grpc_service: call.service, grpc_method: call.method, grpc_type: call.type };
    this.grpcInFlight.inc(labels);
    return once((code) => {
      this.grpcInFlight.dec(labels);
      this.grpcHandled.inc({ ...labels, grpc_code: grpcStatusName(code) });
      this.grpcHandling.observe(labels, (performance.now() - started) / 1000);
    });
  }

  /** Records an outgoing call; a bound function, so it can be handed over as a callback. */
  readonly recordClientCall = (call: ClientCallRecord): void => {
    const labels = { grpc_service: call.service, grpc_method: call.method };
    this.clientHandled.inc({ ...labels, grpc_code: grpcStatusName(call.code) });
    this.clientHandling.observe(labels, call.durationSeconds);
  };

  /** Sets how many channels are open to `target` (whoever opens or closes channels calls it). */
  setClientChannels(target: string, count: number): void {
    this.clientChannels.set({ target }, count);
  }

  /** The registry in Prometheus text exposition format. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}

function once<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  let done = false;
  return (...args) => {
    if (done) return;
    done = true;
    fn(...args);
  };
}
