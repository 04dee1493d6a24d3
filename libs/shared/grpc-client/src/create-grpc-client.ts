import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { CallContext } from '@acme/context';
import { fromGrpcError } from '@acme/errors';
import { startGrpcClientSpan } from '@acme/tracing';
import { type CallOptions, type GrpcClient, isIdempotent, type MethodDefinition, type ServiceDefinition } from './service-definition';

/** What a finished client call reports, for metrics. */
export interface FinishedCall {
  readonly service: string;
  readonly method: string;
  readonly code: grpc.status;
  readonly durationSeconds: number;
}

export interface GrpcClientOptions {
  /** Budget of a call when the caller has no deadline of its own. */
  readonly defaultTimeoutMs: number;
  readonly onCallEnd?: (call: FinishedCall) => void;
}

/** Metadata key of the request id (what @acme/interceptors reads on the server side). */
export const REQUEST_ID_METADATA = 'x-request-id';

type Callback = (error: grpc.ServiceError | null, response?: unknown) => void;
type UnaryFn = (request: unknown, metadata: grpc.Metadata, options: grpc.CallOptions, callback: Callback) => grpc.ClientUnaryCall;
type ServerStreamFn = (request: unknown, metadata: grpc.Metadata, options: grpc.CallOptions) => grpc.ClientReadableStream<unknown>;
type ClientStreamFn = (metadata: grpc.Metadata, options: grpc.CallOptions, callback: Callback) => grpc.ClientWritableStream<unknown>;

/**
 * A typed client over one shared grpc-js channel, for a ts-proto generic service definition.
 *
 * Hand-written rather than nice-grpc because nice-grpc does not send grpc-js deadlines
 * (its deadline middleware only aborts locally, so servers never see `grpc-timeout`), and
 * deadline propagation is the point here. Each call gets a client span (startGrpcClientSpan,
 * a child of the active span) whose W3C traceparent travels in the call's metadata.
 *
 * Every call's deadline is `min(now + timeout, caller's deadline)` from CallContext, so a
 * service calling onward passes the remaining budget; the caller's AbortSignal cancels it.
 * Failures reject with RemoteError carrying the callee's reason and details.
 *
 * @example
 * const products = createGrpcClient(productV1.ProductServiceDefinition, channel, { defaultTimeoutMs: 2000 });
 * const { product } = await products.getProduct({ id });
 */
export function createGrpcClient<D extends ServiceDefinition>(definition: D, channel: grpc.Channel, options: GrpcClientOptions): GrpcClient<D> {
  const grpcDefinition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [key, method] of Object.entries(definition.methods)) {
    grpcDefinition[key] = {
      path: `/${definition.fullName}/${method.name}`,
      originalName: method.name,
      requestStream: method.requestStream,
      responseStream: method.responseStream,
      requestSerialize: (value: unknown) => Buffer.from(method.requestType.encode(method.requestType.fromPartial(value as never)).finish()),
      requestDeserialize: (bytes: Buffer) => method.requestType.decode(bytes),
      responseSerialize: (value: unknown) => Buffer.from(method.responseType.encode(value).finish()),
      responseDeserialize: (bytes: Buffer) => method.responseType.decode(bytes),
    };
  }
  const Client = grpc.makeGenericClientConstructor(grpcDefinition, definition.name);
  const client = new Client(channel.getTarget(), grpc.credentials.createInsecure(), { channelOverride: channel }) as unknown as Record<
    string,
    UnaryFn & ServerStreamFn & ClientStreamFn
  >;

  const methods: Record<string, unknown> = {};
  for (const [key, method] of Object.entries(definition.methods)) {
    const call = new MethodCall(definition.fullName, method, options);
    const fn = client[key].bind(client);
    if (method.requestStream && method.responseStream) continue;
    methods[key] = method.requestStream
      ? (requests: AsyncIterable<unknown>, callOptions?: CallOptions) => call.clientStream(fn, requests, callOptions)
      : method.responseStream
        ? (request: unknown, callOptions?: CallOptions) => call.serverStream(fn, request, callOptions)
        : (request: unknown, callOptions?: CallOptions) => call.unary(fn, request, callOptions);
  }
  return methods as GrpcClient<D>;
}

/** One attempt of a unary call: its error or response, and whether response headers came first. */
interface UnaryOutcome {
  readonly error?: grpc.ServiceError;
  readonly response?: unknown;
  readonly afterHeaders: boolean;
}

class MethodCall {
  private readonly path: string;
  private readonly idempotent: boolean;

  constructor(
    private readonly service: string,
    private readonly method: MethodDefinition,
    private readonly options: GrpcClientOptions,
  ) {
    this.path = `/${service}/${method.name}`;
    this.idempotent = isIdempotent(method);
  }

  async unary(fn: UnaryFn, request: unknown, callOptions?: CallOptions): Promise<unknown> {
    const { deadline, signal } = this.resolve(callOptions);
    const started = performance.now();
    const metadata = this.metadata();
    const span = startGrpcClientSpan(this.path, metadata);
    let outcome = await this.attempt(fn, request, metadata, deadline, signal);
    // grpc-js retries UNAVAILABLE transparently (service config) only until response headers
    // arrive; a server killed after that (mid-response) fails the call for good. An idempotent
    // method is then asked again, once, within the same deadline: the channel has usually
    // dropped the dead instance by then (the system e2e SIGKILL test). Failures before headers
    // were already retried by grpc-js and are not repeated here, so an outage is not amplified.
    if (outcome.error?.code === grpc.status.UNAVAILABLE && outcome.afterHeaders && this.idempotent && !signal?.aborted && deadline.getTime() > Date.now()) {
      outcome = await this.attempt(fn, request, metadata.clone(), deadline, signal);
    }
    const { error, response } = outcome;
    span.end(error?.code ?? grpc.status.OK, error?.details);
    this.report(error?.code ?? grpc.status.OK, started);
    if (error) throw fromGrpcError(error.code, error.details, error.metadata, this.path);
    return response;
  }

  private attempt(fn: UnaryFn, request: unknown, metadata: grpc.Metadata, deadline: Date, signal: AbortSignal | undefined): Promise<UnaryOutcome> {
    return new Promise((resolve) => {
      let afterHeaders = false;
      const onAbort = (): void => call.cancel();
      const call = fn(request, metadata, { deadline }, (error, response) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(error ? { error, afterHeaders } : { response, afterHeaders });
      });
      // Response headers (not a trailers-only error): grpc-js has committed the call.
      call.once('metadata', () => (afterHeaders = true));
      if (signal?.aborted) call.cancel();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async *serverStream(fn: ServerStreamFn, request: unknown, callOptions?: CallOptions): AsyncGenerator<unknown> {
    const { deadline, signal } = this.resolve(callOptions);
    const started = performance.now();
    const metadata = this.metadata();
    const span = startGrpcClientSpan(this.path, metadata);
    const call = fn(request, metadata, { deadline });
    const onAbort = (): void => call.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    let code = grpc.status.OK;
    let details: string | undefined;
    try {
      for await (const message of call) yield message;
    } catch (error) {
      const failure = error as grpc.ServiceError;
      code = failure.code ?? grpc.status.UNKNOWN;
      details = failure.details ?? failure.message;
      throw fromGrpcError(code, details, failure.metadata, this.path);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // A consumer that stops iterating early cancels the stream instead of leaking it.
      call.cancel();
      span.end(code, details);
      this.report(code, started);
    }
  }

  clientStream(fn: ClientStreamFn, requests: AsyncIterable<unknown>, callOptions?: CallOptions): Promise<unknown> {
    const { deadline, signal } = this.resolve(callOptions);
    const started = performance.now();
    const settled = new AbortController();
    const metadata = this.metadata();
    const span = startGrpcClientSpan(this.path, metadata);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => call.cancel();
      const call = fn(metadata, { deadline }, (error, response) => {
        settled.abort();
        signal?.removeEventListener('abort', onAbort);
        span.end(error?.code ?? grpc.status.OK, error?.details);
        this.report(error?.code ?? grpc.status.OK, started);
        if (error) reject(fromGrpcError(error.code, error.details, error.metadata, this.path));
        else resolve(response);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      void (async () => {
        try {
          for await (const request of requests) {
            if (settled.signal.aborted) return;
            // Backpressure: wait for the HTTP/2 window instead of buffering the whole input.
            if (!call.write(request)) await once(call, 'drain', { signal: settled.signal });
          }
          call.end();
        } catch (error) {
          if (settled.signal.aborted) return;
          call.cancel();
          reject(error);
        }
      })();
    });
  }

  /** Outgoing metadata: the edge's request id, so every service logs the same one. */
  private metadata(): grpc.Metadata {
    const metadata = new grpc.Metadata();
    const requestId = CallContext.current()?.requestId;
    if (requestId !== undefined) metadata.set(REQUEST_ID_METADATA, requestId);
    return metadata;
  }

  private resolve(callOptions?: CallOptions): { deadline: Date; signal?: AbortSignal } {
    const context = CallContext.current();
    const own = Date.now() + (callOptions?.timeoutMs ?? this.options.defaultTimeoutMs);
    const inherited = context?.deadline?.getTime();
    const signals = [context?.signal, callOptions?.signal].filter((s): s is AbortSignal => s !== undefined);
    return {
      deadline: new Date(inherited === undefined ? own : Math.min(own, inherited)),
      signal: signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals),
    };
  }

  private report(code: grpc.status, started: number): void {
    this.options.onCallEnd?.({
      service: this.service,
      method: this.method.name,
      code,
      durationSeconds: (performance.now() - started) / 1000,
    });
  }
}
