import { sql } from 'drizzle-orm';
import { bigint, char, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

// Millisecond precision: timestamps round-trip exactly through JS Dates, which keyset page
// tokens rely on (a microsecond column would not compare equal to the Date read back).
const timestampMs = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    priceCents: bigint('price_cents', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    stock: integer('stock').notNull(),
    createTime: timestampMs('create_time').notNull().defaultNow(),
    updateTime: timestampMs('update_time').notNull().defaultNow(),
  },
  (table) => [
    // Enforces sku uniqueness and is the arbiter of `on conflict (sku) do nothing`.
    uniqueIndex('products_sku_key').on(table.sku),
    // Keyset pagination: where (create_time, id) > (...) order by create_time, id.
    index('products_create_time_id_idx').on(table.createTime, table.id),
    // The database, not only the code, guarantees stock never goes negative.
    check('products_stock_non_negative', sql`${table.stock} >= 0`),
    check('products_price_cents_non_negative', sql`${table.priceCents} >= 0`),
    check('products_currency_format', sql`${table.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export const reservationStatus = pgEnum('reservation_status', ['RESERVED', 'RELEASED']);

/** One row per (order, product): what an order holds and the price it was reserved at. */
export const reservations = pgTable(
  'reservations',
  {
    orderId: text('order_id').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    quantity: integer('quantity').notNull(),
    unitPriceCents: bigint('unit_price_cents', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    status: reservationStatus('status').notNull().default('RESERVED'),
    reserveTime: timestampMs('reserve_time').notNull().defaultNow(),
    releaseTime: timestampMs('release_time'),
  },
  (table) => [
    // The unique key that makes a second reservation of the same order impossible.
    primaryKey({ name: 'reservations_pkey', columns: [table.orderId, table.productId] }),
    index('reservations_product_id_idx').on(table.productId),
    check('reservations_quantity_positive', sql`${table.quantity} > 0`),
  ],
);

/**
 * Orders released before any reservation of theirs existed (a tombstone): order-service gave up
 * on an order whose ReserveStock was still on its way, so that ReserveStock must not take stock
 * when it lands. Checked by reserve under the same per-order lock; pruned after
 * TOMBSTONE_RETENTION_HOURS (release_time is indexed for that).
 */
export const releasedOrders = pgTable(
  'released_orders',
  {
    orderId: text('order_id').primaryKey(),
    releaseTime: timestampMs('release_time').notNull().defaultNow(),
  },
  (table) => [index('released_orders_release_time_idx').on(table.releaseTime)],
);
