import { sql } from 'drizzle-orm';
import { type Database } from '@acme/database';
import { type StockLevel } from '../domain/stock-level.entity';

/** The PostgreSQL NOTIFY channel stock changes are published on. */
export const STOCK_CHANNEL = 'stock_changed';

/** The NOTIFY payload of a stock level: "<product_id>:<stock>". */
export function encodeStockPayload(level: Pick<StockLevel, 'productId' | 'stock'>): string {
  return `${level.productId}:${level.stock}`;
}

/** A NOTIFY payload as a stock level observed at `receivedAt`; undefined if malformed. */
export function parseStockPayload(payload: string, receivedAt: Date): StockLevel | undefined {
  const match = /^([0-9a-f-]{36}):(\d+)$/.exec(payload);
  if (match === null) return undefined;
  return { productId: match[1] as string, stock: Number(match[2]), updateTime: receivedAt };
}

/**
 * Publishes stock levels from inside the transaction that changed them: PostgreSQL delivers
 * the notifications on commit only (to every listening instance), and never for a rollback.
 */
export async function notifyStockChanged(tx: Database, levels: readonly Pick<StockLevel, 'productId' | 'stock'>[]): Promise<void> {
  if (levels.length === 0) return;
  const calls = levels.map((level) => sql`pg_notify(${STOCK_CHANNEL}, ${encodeStockPayload(level)})`);
  await tx.execute(sql`select ${sql.join(calls, sql`, `)}`);
}
