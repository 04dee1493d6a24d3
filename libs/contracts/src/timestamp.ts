import { type Timestamp } from './generated/google/protobuf/timestamp';

/**
 * A Date as google.protobuf.Timestamp (ts-proto shape, int64 seconds as number). Hand-written
 * beside the generated code because ts-proto's own conversion is only emitted with useDate,
 * which would break the proto-loader shapes the Nest servers use.
 *
 * @example toTimestamp(new Date(1500)) // { seconds: 1, nanos: 500_000_000 }
 */
export function toTimestamp(date: Date): Timestamp {
  const millis = date.getTime();
  const seconds = Math.floor(millis / 1000);
  return { seconds, nanos: (millis - seconds * 1000) * 1_000_000 };
}
