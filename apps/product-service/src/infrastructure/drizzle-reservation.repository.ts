import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { DATABASE, type Database, type DatabaseHandle } from '@acme/database';
import { insufficientStock, productNotFound } from '../domain/product.errors';
import { type Reservation, type ReservedItem, type StockRequest } from '../domain/reservation.entity';
import { ReservationRepository, type ReserveOutcome } from '../domain/reservation.repository';
import { type StockLevel } from '../domain/stock-level.entity';
import { products, releasedOrders, reservations } from './schema';
import { notifyStockChanged } from './stock-notifications';

// First key of the (int, int) advisory locks that serialize calls for one order id; the
// second is the order id's hash. Collisions only serialize two unrelated orders briefly.
const ORDER_LOCK_CLASS = 7_246_002;

type StockChange = Pick<StockLevel, 'productId' | 'stock'>;

/**
 * How long a tombstone (see releasedOrders) is kept. Only a ReserveStock already in flight when
 * its order was released needs it, and ReserveStock is only sent by CreateOrder within its
 * deadline (seconds; recovery only releases): a day is far beyond any of them.
 */
export const TOMBSTONE_RETENTION_HOURS = 24;

/**
 * Reservations with row-level atomicity: each item is taken with a conditional
 * `update ... set stock = stock - q where id = $1 and stock >= q`, so two transactions can
 * never both take the last unit, and any miss throws, rolling back every item taken before it.
 */
@Injectable()
export class DrizzleReservationRepository extends ReservationRepository {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {
    super();
  }

  reserve(orderId: string, items: readonly StockRequest[]): Promise<ReserveOutcome> {
    return this.handle.db.transaction(async (tx) => {
      await lockOrder(tx, orderId);
      const stored = await tx.select().from(reservations).where(eq(reservations.orderId, orderId)).orderBy(asc(reservations.productId));
      if (stored.length > 0) {
        const status = stored.some((row) => row.status === 'RESERVED') ? 'RESERVED' : 'RELEASED';
        return { kind: 'existing', reservation: { orderId, status, items: stored.map(toReservedItem) } };
      }
      // Released before it was ever reserved: a late ReserveStock takes nothing.
      const [tombstone] = await tx.select({ orderId: releasedOrders.orderId }).from(releasedOrders).where(eq(releasedOrders.orderId, orderId));
      if (tombstone !== undefined) return { kind: 'existing', reservation: { orderId, status: 'RELEASED', items: [] } };
      const taken: ReservedItem[] = [];
      const changes: StockChange[] = [];
      // A fixed order (by product id) keeps two multi-item reservations from deadlocking.
      for (const item of [...items].sort(byProductId)) {
        const [row] = await tx
          .update(products)
          .set({ stock: sql`${products.stock} - ${item.quantity}`, updateTime: sql`now()` })
          .where(and(eq(products.id, item.productId), gte(products.stock, item.quantity)))
          .returning({ stock: products.stock, priceCents: products.priceCents, currency: products.currency });
        if (row === undefined) throw await missedItem(tx, item);
        taken.push({ ...item, unitPriceCents: row.priceCents, currency: row.currency });
        changes.push({ productId: item.productId, stock: row.stock });
      }
      await tx.insert(reservations).values(taken.map((item) => ({ orderId, ...item })));
      await notifyStockChanged(tx, changes);
      const reservation: Reservation = { orderId, status: 'RESERVED', items: taken };
      return { kind: 'reserved', reservation };
    });
  }

  release(orderId: string): Promise<StockRequest[]> {
    return this.handle.db.transaction(async (tx) => {
      await lockOrder(tx, orderId);
      // Only RESERVED rows flip, so a second release (even a concurrent one) finds nothing.
      const released = await tx
        .update(reservations)
        .set({ status: 'RELEASED', releaseTime: sql`now()` })
        .where(and(eq(reservations.orderId, orderId), eq(reservations.status, 'RESERVED')))
        .returning({ productId: reservations.productId, quantity: reservations.quantity });
      if (released.length === 0) await leaveTombstoneIfNeverReserved(tx, orderId);
      released.sort(byProductId);
      const changes: StockChange[] = [];
      for (const item of released) {
        const [row] = await tx
          .update(products)
          .set({ stock: sql`${products.stock} + ${item.quantity}`, updateTime: sql`now()` })
          .where(eq(products.id, item.productId))
          .returning({ stock: products.stock });
        // Always found: the foreign key keeps reserved products from being deleted.
        if (row !== undefined) changes.push({ productId: item.productId, stock: row.stock });
      }
      await notifyStockChanged(tx, changes);
      return released;
    });
  }
}

/** Serializes reserve/release of one order id across connections and instances. */
async function lockOrder(tx: Database, orderId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ORDER_LOCK_CLASS}::int, hashtext(${orderId}))`);
}

/**
 * Records that `orderId` was released while it held no reservation at all, so a ReserveStock
 * still in flight for it cannot take stock afterwards (without this, only order-service's
 * second release after its lease would give that stock back). Tombstones older than
 * TOMBSTONE_RETENTION_HOURS go at the same time, so the table holds about a day of them.
 */
async function leaveTombstoneIfNeverReserved(tx: Database, orderId: string): Promise<void> {
  const [any] = await tx.select({ orderId: reservations.orderId }).from(reservations).where(eq(reservations.orderId, orderId)).limit(1);
  if (any !== undefined) return;
  await tx.insert(releasedOrders).values({ orderId }).onConflictDoNothing();
  await tx.delete(releasedOrders).where(lt(releasedOrders.releaseTime, sql`now() - make_interval(hours => ${TOMBSTONE_RETENTION_HOURS})`));
}

async function missedItem(tx: Database, item: StockRequest): Promise<Error> {
  const [current] = await tx.select({ stock: products.stock }).from(products).where(eq(products.id, item.productId));
  return current === undefined ? productNotFound(item.productId) : insufficientStock(item.productId, item.quantity, current.stock);
}

function toReservedItem(row: typeof reservations.$inferSelect): ReservedItem {
  return { productId: row.productId, quantity: row.quantity, unitPriceCents: row.unitPriceCents, currency: row.currency };
}

function byProductId(a: { productId: string }, b: { productId: string }): number {
  return a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;
}
