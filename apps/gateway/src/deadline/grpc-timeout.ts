import { validationFailed } from '../errors/edge-errors';

/** Header a caller may send to shorten a request's budget, in gRPC's `grpc-timeout` format. */
export const GRPC_TIMEOUT_HEADER = 'grpc-timeout';

const FORMAT = /^(\d{1,8})([HMSmun])$/;
const MS_PER_UNIT: Readonly<Record<string, number>> = { H: 3_600_000, M: 60_000, S: 1_000, m: 1, u: 0.001, n: 0.000_001 };

/**
 * Milliseconds of a `grpc-timeout` value ("500m", "2S": at most 8 digits and one unit of
 * H, M, S, m, u, n), rounded up so that a tiny budget is never zero; undefined when absent.
 * A malformed value is a client error (VALIDATION_FAILED), not something to ignore silently.
 */
export function parseGrpcTimeout(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const match = FORMAT.exec(value.trim());
  const amount = match?.[1];
  const unit = match?.[2];
  if (amount === undefined || unit === undefined) {
    throw validationFailed([{ field: GRPC_TIMEOUT_HEADER, description: 'must be up to 8 digits and a unit of H, M, S, m, u or n (e.g. 500m)' }]);
  }
  return Math.max(1, Math.ceil(Number(amount) * (MS_PER_UNIT[unit] ?? 1)));
}
