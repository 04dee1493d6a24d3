import { validationFailed } from '../errors/edge-errors';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The optional `Idempotency-Key` header: 1-255 visible ASCII characters, or absent. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!KEY.test(value)) {
    throw validationFailed([{ field: 'Idempotency-Key', description: 'must be 1 to 255 visible ASCII characters' }]);
  }
  return value;
}
