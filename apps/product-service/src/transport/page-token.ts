import { z } from 'zod';
import { type ProductCursor } from '../domain/product.entity';
import { invalidPageToken } from '../domain/product.errors';

// Versioned so the format can change without misreading tokens handed out before.
const tokenSchema = z.object({
  v: z.literal(1),
  t: z.iso.datetime({ offset: false }),
  id: z.guid(),
});

/** The opaque page token of a cursor: base64url of a small versioned JSON document. */
export function encodePageToken(cursor: ProductCursor): string {
  const token: z.infer<typeof tokenSchema> = { v: 1, t: cursor.createTime.toISOString(), id: cursor.id };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

/** The cursor of a page token; throws INVALID_PAGE_TOKEN for anything we did not issue. */
export function decodePageToken(token: string): ProductCursor {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalidPageToken();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidPageToken();
  }
  const result = tokenSchema.safeParse(parsed);
  if (!result.success) throw invalidPageToken();
  return { createTime: new Date(result.data.t), id: result.data.id };
}
