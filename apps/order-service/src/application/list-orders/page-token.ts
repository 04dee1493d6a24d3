import { type OrderCursor } from '../../domain/order';
import { OrderErrors } from '../../domain/order-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The opaque page token of ListOrders: the keyset position (create time, id) of the last order
 * of the previous page, base64url-encoded. Clients must not parse it; its format may change.
 */
export const PageToken = {
  encode(cursor: OrderCursor): string {
    return Buffer.from(JSON.stringify([cursor.createTime.getTime(), cursor.id])).toString('base64url');
  },

  /** The cursor in `token`; INVALID_ARGUMENT (INVALID_PAGE_TOKEN) when it is not one of ours. */
  decode(token: string): OrderCursor {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
      throw OrderErrors.invalidPageToken();
    }
    if (!Array.isArray(value) || value.length !== 2) throw OrderErrors.invalidPageToken();
    const [millis, id] = value as [unknown, unknown];
    if (typeof millis !== 'number' || !Number.isSafeInteger(millis) || typeof id !== 'string' || !UUID.test(id)) {
      throw OrderErrors.invalidPageToken();
    }
    return { createTime: new Date(millis), id };
  },
} as const;
