import { type PGlite, type Transaction } from '@electric-sql/pglite';

/** PGlite's `query`, on the client and on a transaction alike. */
export type QueryFn = PGlite['query'];

/**
 * Replaces `query` on a PGlite client and on every transaction it opens with `wrap(query)`:
 * drizzle calls `client.query` outside transactions and `tx.query` inside them.
 */
export function wrapQueries(client: PGlite, wrap: (query: QueryFn) => QueryFn): void {
  client.query = wrap(client.query.bind(client));
  const transaction = client.transaction.bind(client);
  client.transaction = <T>(callback: (tx: Transaction) => Promise<T>) =>
    transaction((tx) => {
      tx.query = wrap(tx.query.bind(tx));
      return callback(tx);
    });
}
