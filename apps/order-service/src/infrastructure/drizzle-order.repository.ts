import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, isNotNull, ne, or, sql } from 'drizzle-orm';
import { DATABASE, type DatabaseHandle } from '@acme/database';
import { type NewOrder, type Order, type OrderCursor, type OrderFailure, type OrderPricing } from '../domain/order';
import { type InsertPendingResult, OrderRepository } from '../domain/order.repository';
import { type OrderRow, orders } from './schema';

// Ids are uuid columns: anything else cannot match, and would make PostgreSQL reject the query.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: string): boolean => UUID.test(value);

/** The live-attempt condition of the orders_idempotency_key_live_uq partial unique index. */
const LIVE_KEY = sql`${orders.idempotencyKey} is not null and ${orders.status} <> 'FAILED'`;

/** OrderRepository on drizzle, for PGlite and PostgreSQL alike. */
@Injectable()
export class DrizzleOrderRepository extends OrderRepository {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {
    super();
  }

  private get db(): DatabaseHandle['db'] {
    return this.handle.db;
  }

  async insertPending(order: NewOrder): Promise<InsertPendingResult> {
    const [inserted] = await this.db
      .insert(orders)
      .values({
        id: order.id,
        userId: order.userId,
        status: 'PENDING',
        items: [...order.items],
        idempotencyKey: order.idempotencyKey,
        requestHash: order.requestHash,
      })
      .onConflictDoNothing({ target: [orders.userId, orders.idempotencyKey], where: LIVE_KEY })
      .returning();
    if (inserted !== undefined) return { created: true, order: toOrder(inserted) };
    // Only the key index is a conflict target: a live attempt holds the key (it committed first).
    const holder = order.idempotencyKey === null ? undefined : await this.findLatestByIdempotencyKey(order.userId, order.idempotencyKey);
    if (holder === undefined) throw new Error(`order ${order.id} was not inserted and no attempt holds its idempotency key`);
    return { created: false, order: holder };
  }

  async findById(id: string): Promise<Order | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.db.select().from(orders).where(eq(orders.id, id));
    return row === undefined ? undefined : toOrder(row);
  }

  async findOwned(id: string, userId: string): Promise<Order | undefined> {
    if (!isUuid(id) || !isUuid(userId)) return undefined;
    const [row] = await this.db
      .select()
      .from(orders)
      .where(and(eq(orders.id, id), eq(orders.userId, userId)));
    return row === undefined ? undefined : toOrder(row);
  }

  async findLatestByIdempotencyKey(userId: string, idempotencyKey: string): Promise<Order | undefined> {
    if (!isUuid(userId)) return undefined;
    const [row] = await this.db
      .select()
      .from(orders)
      .where(and(eq(orders.userId, userId), eq(orders.idempotencyKey, idempotencyKey), isNotNull(orders.idempotencyKey)))
      // The live attempt, if any, is the newest (FAILED ones only precede it); ties prefer it.
      .orderBy(desc(orders.createTime), desc(sql`${orders.status} <> 'FAILED'`))
      .limit(1);
    return row === undefined ? undefined : toOrder(row);
  }

  async confirm(id: string, pricing: OrderPricing): Promise<Order | undefined> {
    const [row] = await this.db
      .update(orders)
      .set({ status: 'CONFIRMED', items: [...pricing.items], totalCents: pricing.totalCents, currency: pricing.currency, updateTime: sql`now()` })
      .where(and(eq(orders.id, id), eq(orders.status, 'PENDING')))
      .returning();
    return row === undefined ? undefined : toOrder(row);
  }

  async fail(id: string, failure: OrderFailure): Promise<Order | undefined> {
    const [row] = await this.db
      .update(orders)
      .set({ status: 'FAILED', failure, releasePending: true, updateTime: sql`now()` })
      .where(and(eq(orders.id, id), eq(orders.status, 'PENDING')))
      .returning();
    return row === undefined ? undefined : toOrder(row);
  }

  async cancel(id: string): Promise<Order | undefined> {
    const [row] = await this.db
      .update(orders)
      .set({ status: 'CANCELLED', releasePending: true, updateTime: sql`now()` })
      .where(and(eq(orders.id, id), eq(orders.status, 'CONFIRMED')))
      .returning();
    return row === undefined ? undefined : toOrder(row);
  }

  async markReleased(id: string): Promise<void> {
    await this.db
      .update(orders)
      .set({ releasePending: false })
      .where(and(eq(orders.id, id), ne(orders.status, 'PENDING')));
  }

  async listByUser(userId: string, limit: number, cursor?: OrderCursor): Promise<Order[]> {
    if (!isUuid(userId)) return [];
    const after = cursor === undefined ? undefined : sql`(${orders.createTime}, ${orders.id}) < (${cursor.createTime.toISOString()}::timestamptz, ${cursor.id}::uuid)`;
    const rows = await this.db
      .select()
      .from(orders)
      .where(and(eq(orders.userId, userId), after))
      .orderBy(desc(orders.createTime), desc(orders.id))
      .limit(limit);
    return rows.map(toOrder);
  }

  async findUnresolved(leaseMs: number, limit: number): Promise<Order[]> {
    // The database clock decides the age, so instances with skewed clocks agree on the lease.
    const rows = await this.db
      .select()
      .from(orders)
      .where(and(or(eq(orders.status, 'PENDING'), eq(orders.releasePending, true)), sql`${orders.updateTime} < now() - make_interval(secs => ${leaseMs / 1000})`))
      .orderBy(orders.updateTime)
      .limit(limit);
    return rows.map(toOrder);
  }
}

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    userId: row.userId,
    status: row.status,
    items: row.items,
    totalCents: row.totalCents,
    currency: row.currency,
    idempotencyKey: row.idempotencyKey,
    requestHash: row.requestHash,
    releasePending: row.releasePending,
    failure: row.failure,
    createTime: row.createTime,
    updateTime: row.updateTime,
  };
}
