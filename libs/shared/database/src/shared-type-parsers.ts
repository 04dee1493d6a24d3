import { type PGlite, type QueryOptions } from '@electric-sql/pglite';
import { type QueryFn, wrapQueries } from './wrap-queries';

/**
 * Types drizzle's PGlite driver reads as text, with an identity parser per query: timestamp,
 * timestamptz, interval, date, and the arrays numeric[], timestamp[], timestamptz[], interval[],
 * date[]. (drizzle-orm/pglite/session.js, `queryConfig.parsers`.)
 */
const TEXT_TYPES = [1114, 1184, 1186, 1082, 1231, 1115, 1185, 1187, 1182] as const;

const identity = (value: string): string => value;

/** PGlite options giving the instance the same parsers drizzle passes with every query. */
export const DRIZZLE_TYPE_PARSERS: NonNullable<QueryOptions['parsers']> = Object.fromEntries(TEXT_TYPES.map((type) => [type, identity]));

/**
 * Drops drizzle's per-query `parsers` when the instance already has them (open PGlite with
 * `{ parsers: DRIZZLE_TYPE_PARSERS }`): the result is the same, but PGlite 0.5 copies its whole
 * parser table for every query that brings its own — about 120 µs of a 400 µs lookup by
 * primary key, measured; the hottest query of the system (GetProduct) paid it on every call.
 * Only parsers for exactly these types are dropped; anything else goes through untouched.
 */
export function shareTypeParsers(client: PGlite): void {
  wrapQueries(client, withoutRedundantParsers);
}

const redundant = new WeakMap<object, boolean>();

function isRedundant(parsers: object): boolean {
  let known = redundant.get(parsers);
  if (known === undefined) {
    known = Object.keys(parsers).every((type) => (TEXT_TYPES as readonly number[]).includes(Number(type)));
    redundant.set(parsers, known);
  }
  return known;
}

function withoutRedundantParsers(query: QueryFn): QueryFn {
  return ((text: string, params?: unknown[], options?: QueryOptions) => {
    if (options?.parsers === undefined || !isRedundant(options.parsers)) return query(text, params, options);
    const { parsers: _dropped, ...rest } = options;
    return query(text, params, rest);
  }) as QueryFn;
}
