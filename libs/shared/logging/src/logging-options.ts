import { type DestinationStream } from 'pino';

/** How an app logs; apps build it from their validated config. */
export interface LoggingOptions {
  /** Service name, on every line as `service`. */
  readonly service: string;
  /** Service version, on every line as `version`. */
  readonly version: string;
  /** Minimum level: trace, debug, info, warn, error, fatal or silent. */
  readonly level: string;
  /** Human-readable colored lines (pino-pretty) instead of JSON; for the embedded dev mode only. */
  readonly pretty: boolean;
  /** Where JSON lines go; stdout when omitted. Tests pass a stream they read. */
  readonly destination?: DestinationStream;
}
