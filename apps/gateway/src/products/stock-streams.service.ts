import { once } from 'node:events';
import { type IncomingHttpHeaders } from 'node:http';
import { PassThrough } from 'node:stream';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { type FastifyReply } from '../common/fastify.types';
import { type productV1 } from '@acme/contracts';
import { toDomainError, toProblemDetails } from '@acme/errors';
import { PRODUCT_CLIENT, type ProductClient } from '../clients/backend-clients';
import { GATEWAY_DOMAIN } from '../errors/edge-errors';
import { traceIdOf } from '../errors/trace-id';
import { toStockEventData } from './product.mapper';
import { serverSentEvent, SSE_HEARTBEAT } from './server-sent-event';
import { STOCK_STREAM_OPTIONS, type StockStreamOptions } from './stock-stream-options';

type StockChanges = AsyncIterator<productV1.WatchStockResponse>;

/**
 * Relays ProductService.WatchStock as server-sent events. The response starts only once the
 * first message arrived, so an unknown product (or any failure up to then) is still an
 * ordinary problem+json answer. After that: a heartbeat comment every `heartbeatMs`, the gRPC
 * stream cancelled when the client disconnects, and every stream ended cleanly at shutdown.
 */
@Injectable()
export class StockStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger(StockStreams.name);
  private readonly open = new Set<AbortController>();

  constructor(
    @Inject(PRODUCT_CLIENT) private readonly products: ProductClient,
    @Inject(STOCK_STREAM_OPTIONS) private readonly options: StockStreamOptions,
  ) {}

  /** Resolves when the stream started; rejects (nothing sent yet) when it could not. */
  async stream(productId: string, headers: IncomingHttpHeaders, reply: FastifyReply): Promise<void> {
    const stop = new AbortController();
    const changes = this.products.watchStock({ productId }, { timeoutMs: this.options.maxDurationMs, signal: stop.signal })[Symbol.asyncIterator]();
    const first = await changes.next().catch((error: unknown) => {
      stop.abort();
      throw error;
    });
    const body = new PassThrough();
    if (!first.done) body.write(serverSentEvent('stock', toStockEventData(first.value)));
    reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-cache')
      // Stops nginx-style proxies from buffering the stream.
      .header('x-accel-buffering', 'no');
    // Fastify pipes the body and destroys it when the response closes early (client gone).
    void reply.send(body);
    if (first.done) {
      body.end();
      return;
    }
    this.open.add(stop);
    void this.relay(changes, body, stop, headers).finally(() => this.open.delete(stop));
  }

  /** Ends every open stream (their gRPC calls are cancelled): the server is going down. */
  beforeApplicationShutdown(): void {
    for (const stop of this.open) stop.abort();
  }

  private async relay(changes: StockChanges, body: PassThrough, stop: AbortController, headers: IncomingHttpHeaders): Promise<void> {
    const heartbeat = setInterval(() => body.write(SSE_HEARTBEAT), this.options.heartbeatMs);
    body.once('close', () => stop.abort());
    try {
      for (let next = await changes.next(); !next.done; next = await changes.next()) {
        if (!body.write(serverSentEvent('stock', toStockEventData(next.value)))) await once(body, 'drain', { signal: stop.signal });
      }
    } catch (error) {
      // Cancelled by us (disconnect, shutdown): a normal end. Anything else ends the stream
      // with an error event, since the status line was sent long ago.
      if (!stop.signal.aborted) this.reportFailure(error, body, headers);
    } finally {
      clearInterval(heartbeat);
      stop.abort();
      body.end();
    }
  }

  private reportFailure(error: unknown, body: PassThrough, headers: IncomingHttpHeaders): void {
    const { error: failure, expected } = toDomainError(error, GATEWAY_DOMAIN);
    const { traceId } = traceIdOf(headers);
    const problem = toProblemDetails(failure, { traceId });
    const message = `stock stream failed: ${failure.reason} trace_id=${traceId}`;
    if (expected) this.logger.warn(`${message}: ${failure.message}`);
    else this.logger.error(message, error instanceof Error ? error.stack : String(error));
    body.write(serverSentEvent('error', problem));
  }
}
