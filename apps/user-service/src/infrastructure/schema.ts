import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Name of the index that makes emails unique case-insensitively; its violation means EMAIL_ALREADY_EXISTS. */
export const EMAIL_UNIQUE_INDEX = 'users_email_lower_key';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    createTime: timestamp('create_time', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // The database, not a read-then-insert, enforces uniqueness: concurrent registrations race safely.
  (table) => [uniqueIndex(EMAIL_UNIQUE_INDEX).on(sql`lower(${table.email})`)],
);
