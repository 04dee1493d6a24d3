import { PGlite, type QueryOptions } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { integer, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIZZLE_TYPE_PARSERS, shareTypeParsers } from './shared-type-parsers';

const events = pgTable('events', { id: integer('id').primaryKey(), at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull() });

describe('shareTypeParsers', () => {
  let plain: PGlite;
  let shared: PGlite;
  const seen: (QueryOptions | undefined)[] = [];

  beforeAll(async () => {
    plain = new PGlite('memory://');
    shared = new PGlite('memory://', { parsers: DRIZZLE_TYPE_PARSERS });
    // What reaches PGlite once shareTypeParsers has filtered the options.
    const query = shared.query.bind(shared);
    shared.query = ((text: string, params?: unknown[], options?: QueryOptions) => {
      seen.push(options);
      return query(text, params, options);
    }) as PGlite['query'];
    shareTypeParsers(shared);
    for (const client of [plain, shared]) {
      await client.exec(`create table events (id integer primary key, at timestamptz not null); insert into events values (1, '2024-05-01 12:00:00.123456+00')`);
    }
  });

  afterAll(async () => {
    await plain.close();
    await shared.close();
  });

  it("gives drizzle the same rows as PGlite with drizzle's own per-query parsers, without sending them", async () => {
    const read = (client: PGlite) => drizzle(client).select().from(events).where(sql`${events.id} = ${1}`);
    const expected = await read(plain);
    expect(expected[0]?.at).toEqual(new Date('2024-05-01T12:00:00.123Z'));
    seen.length = 0;
    expect(await read(shared)).toEqual(expected);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ rowMode: 'array' });
    expect(seen[0]?.parsers).toBeUndefined();

    const inTransaction = await drizzle(shared).transaction((tx) => tx.select().from(events));
    expect(inTransaction).toEqual(expected);
  });

  it('passes other parsers through', async () => {
    const asText = { 23: (value: string) => `int:${value}` };
    const { rows } = await shared.query<{ id: string }>('select id from events', [], { parsers: asText });
    expect(rows).toEqual([{ id: 'int:1' }]);
    expect(seen.at(-1)?.parsers).toBe(asText);
  });
});
