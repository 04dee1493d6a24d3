const PREFIX = 'ERROR_REASON_';

/**
 * The wire form of an error reason: the enum value's name without its ERROR_REASON_ prefix,
 * as sent in google.rpc.ErrorInfo.reason and in problem+json `code`.
 *
 * @example reasonName(productV1.ErrorReason, productV1.ErrorReason.ERROR_REASON_INSUFFICIENT_STOCK)
 * // 'INSUFFICIENT_STOCK'
 */
export function reasonName<E extends Record<string, string | number>>(enumType: E, value: E[keyof E]): string {
  const name = (enumType as Record<string | number, string | number>)[value as number];
  if (typeof name !== 'string' || !name.startsWith(PREFIX)) {
    throw new Error(`not an error reason value: ${String(value)}`);
  }
  return name.slice(PREFIX.length);
}
