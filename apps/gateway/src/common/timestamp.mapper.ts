/** A google.protobuf.Timestamp as ts-proto generates it (int64 seconds as number). */
export interface ProtoTimestamp {
  readonly seconds: number;
  readonly nanos: number;
}

/**
 * RFC 3339 in UTC, as proto3 JSON writes a Timestamp: "Z"-suffixed, with 0, 3, 6 or 9
 * fractional digits, whichever is the shortest exact form ("2024-05-01T12:00:00.120Z").
 * Date alone would drop the microseconds and nanoseconds.
 */
export function toRfc3339(timestamp: ProtoTimestamp): string {
  const whole = new Date(timestamp.seconds * 1000).toISOString().slice(0, 19);
  if (timestamp.nanos === 0) return `${whole}Z`;
  const nanos = String(timestamp.nanos).padStart(9, '0');
  const fraction = nanos.endsWith('000000') ? nanos.slice(0, 3) : nanos.endsWith('000') ? nanos.slice(0, 6) : nanos;
  return `${whole}.${fraction}Z`;
}

/** {@link toRfc3339}, or undefined for an unset Timestamp (the JSON field is left out). */
export function optionalRfc3339(timestamp: ProtoTimestamp | undefined): string | undefined {
  return timestamp === undefined ? undefined : toRfc3339(timestamp);
}
