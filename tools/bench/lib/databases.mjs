// Databases of a run: PGlite data directories and PostgreSQL databases created on the local
// server for this run, all removed at the end.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { Client } = require('pg');

/** @typedef {{ kind: 'pglite' | 'postgres', dataDir?: string, url?: string, name?: string, serverUrl?: string }} BenchDatabase */

const created = [];

/** A fresh PGlite data directory. @returns {BenchDatabase} */
export function pgliteDatabase(label) {
  const dataDir = mkdtempSync(join(tmpdir(), `acme-bench-${label}-`));
  created.push({ kind: 'pglite', dataDir });
  return { kind: 'pglite', dataDir };
}

/** A copy of a PGlite data directory (its owner must be stopped). @returns {BenchDatabase} */
export function copyPglite(database, label) {
  const copy = pgliteDatabase(label);
  cpSync(database.dataDir, copy.dataDir, { recursive: true });
  return copy;
}

/** Whether the PostgreSQL server at `serverUrl` answers. */
export async function postgresReachable(serverUrl) {
  const host = new URL(serverUrl).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') return false;
  try {
    await withClient(serverUrl, (client) => client.query('select 1'));
    return true;
  } catch {
    return false;
  }
}

/** A new database on the server at `serverUrl`. @returns {Promise<BenchDatabase>} */
export async function postgresDatabase(serverUrl, label) {
  const name = `bench_${label.replaceAll('-', '_')}_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = { kind: 'postgres', url: url.toString(), name, serverUrl };
  created.push(database);
  return database;
}

/** The env an app (or the bare server) needs to use `database`. */
export function databaseEnv(database) {
  return database.kind === 'postgres' ? { DATABASE_URL: database.url } : { DATA_DIR: database.dataDir };
}

/** Removes every database and directory this run created. */
export async function dropAll() {
  for (const database of created.splice(0)) {
    try {
      if (database.kind === 'pglite') rmSync(database.dataDir, { recursive: true, force: true });
      else await withClient(database.serverUrl, (client) => client.query(`drop database if exists ${database.name} with (force)`));
    } catch (error) {
      process.stderr.write(`bench: could not drop ${database.name ?? database.dataDir}: ${error.message}\n`);
    }
  }
}

async function withClient(url, fn) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
