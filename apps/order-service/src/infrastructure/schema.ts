import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { type OrderFailure, type OrderLine, type OrderStatus } from '../domain/order';

/**
 * The order service's only table. Items are a JSONB snapshot written with the order and always
 * read with it (never queried on their own), so one row is one order. Timestamps keep
 * millisecond precision so a (create_time, id) page cursor survives the round trip through JS.
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    status: text('status').$type<OrderStatus>().notNull(),
    items: jsonb('items').$type<OrderLine[]>().notNull(),
    totalCents: bigint('total_cents', { mode: 'number' }).notNull().default(0),
    currency: text('currency').notNull().default(''),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash').notNull(),
    releasePending: boolean('release_pending').notNull().default(false),
    failure: jsonb('failure').$type<OrderFailure>(),
    createTime: timestamp('create_time', { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow(),
    updateTime: timestamp('update_time', { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    check('orders_status_check', sql`${table.status} in ('PENDING', 'CONFIRMED', 'CANCELLED', 'FAILED')`),
    check('orders_total_cents_check', sql`${table.totalCents} >= 0`),
    // One live attempt per key: FAILED attempts give their key up so a retry can run again.
    uniqueIndex('orders_idempotency_key_live_uq')
      .on(table.userId, table.idempotencyKey)
      .where(sql`${table.idempotencyKey} is not null and ${table.status} <> 'FAILED'`),
    index('orders_idempotency_key_idx').on(table.userId, table.idempotencyKey, table.createTime.desc()).where(sql`${table.idempotencyKey} is not null`),
    index('orders_user_listing_idx').on(table.userId, table.createTime.desc(), table.id.desc()),
    index('orders_unresolved_idx').on(table.updateTime).where(sql`${table.status} = 'PENDING' or ${table.releasePending}`),
  ],
);

export type OrderRow = typeof orders.$inferSelect;
