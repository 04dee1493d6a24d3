/** DI token of the {@link StockStreamOptions}. */
export const STOCK_STREAM_OPTIONS = 'GATEWAY:STOCK_STREAM_OPTIONS';

/** Tuning of the stock event streams. */
export interface StockStreamOptions {
  /** Interval of the `: heartbeat` comment that keeps idle proxies from closing the stream. */
  readonly heartbeatMs: number;
  /** Longest life of one stream; an EventSource reconnects after it. */
  readonly maxDurationMs: number;
}

export const DEFAULT_STOCK_STREAM_OPTIONS: StockStreamOptions = { heartbeatMs: 15_000, maxDurationMs: 24 * 60 * 60 * 1000 };
