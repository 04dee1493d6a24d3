import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import { type AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeTraceExport, encodeTraceExportResponse } from './otlp-trace-codec';
import { type ReceivedSpan } from './received-span';

/** A running OTLP/HTTP trace receiver; see {@link startOtlpReceiver}. */
export interface OtlpReceiver {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT; the exporter posts to `${url}/v1/traces`. */
  readonly url: string;
  /** Every span received so far, in arrival order. */
  spans(): ReceivedSpan[];
  /**
   * Resolves with all spans received once `predicate` holds for them (checked now and after
   * each export); rejects after `timeoutMs` listing what did arrive.
   */
  waitForSpans(predicate: (spans: readonly ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

/**
 * Starts an OTLP/HTTP receiver on 127.0.0.1 (free port) that decodes `application/x-protobuf`
 * ExportTraceServiceRequest bodies (gzip or not) with the opentelemetry-proto definitions.
 * For tests: point a process at it with OTEL_EXPORTER_OTLP_ENDPOINT and assert on the spans.
 *
 * Hand-written because no installed package decodes OTLP requests: @opentelemetry/otlp-transformer
 * only encodes them, and a Collector binary is not a test dependency we want.
 *
 * @example
 * const receiver = await startOtlpReceiver();
 * // spawn a service with OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url ...
 * const spans = await receiver.waitForSpans((all) => all.some((s) => s.kind === 'server'), 10_000);
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const listeners = new Set<() => void>();
  const server = createServer((request, response) => {
    void readBody(request).then(
      (body) => {
        if (request.method !== 'POST' || request.url !== '/v1/traces') {
          response.writeHead(404).end();
          return;
        }
        if (request.headers['content-type'] !== 'application/x-protobuf') {
          response.writeHead(415).end();
          return;
        }
        received.push(...decodeTraceExport(body));
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(encodeTraceExportResponse());
        for (const listener of listeners) listener();
      },
      () => response.writeHead(400).end(),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => [...received],
    waitForSpans: (predicate, timeoutMs = 10_000) =>
      new Promise((resolvePromise, reject) => {
        const check = (): void => {
          if (!predicate(received)) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolvePromise([...received]);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`spans not received within ${timeoutMs} ms; got: ${received.map((span) => span.name).join(', ') || 'none'}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}
