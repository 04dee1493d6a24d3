// The product service's floor: a bare grpc-js server answering acme.product.v1.ProductService
// GetProduct with the same SQL query on the same database (PostgreSQL through a pg Pool of the
// service's default size, or PGlite on a copy of the service's data directory), encoded with
// the same generated codecs. No Nest, no interceptors, no logging, no tracing.
//
// Env: PORT; DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite); PRODUCT_TABLE (default: the
// table of the product service holding a `sku` column). STANDALONE=1 creates a products table
// when none exists and serves CreateProduct too, so the harness can be exercised before the
// product service is built.
import { createRequire } from 'node:module';
import { contracts, grpc, grpcServiceOf } from '../lib/contracts.mjs';

const require = createRequire(import.meta.url);
const { productV1 } = contracts();
const standalone = process.env.STANDALONE === '1';

const db = await openDatabase();
if (standalone) await db.query(STANDALONE_SCHEMA());
const columns = await productColumns();
// The query the product service's drizzle repository sends for GetProduct
// (`db.select().from(products).where(eq(products.id, id))`), text for text.
const selectById = `select ${columns.select} from ${columns.table} where ${columns.table}.${columns.id} = $1`;

const server = new grpc.Server();
const methods = standalone ? ['getProduct', 'createProduct'] : ['getProduct'];
server.addService(grpcServiceOf(productV1.ProductServiceDefinition, methods), {
  getProduct: (call, callback) => {
    db.query(selectById, [call.request.id]).then(
      (rows) => {
        if (rows.length === 0) callback({ code: grpc.status.NOT_FOUND, details: `product ${call.request.id} not found` });
        else callback(null, { product: toProduct(columns.fromRow(rows[0])) });
      },
      (error) => callback({ code: grpc.status.INTERNAL, details: String(error.message) }),
    );
  },
  createProduct: (call, callback) => {
    const r = call.request;
    db.query(
      `insert into ${columns.table} ("sku", "name", "description", "price_cents", "currency", "stock") values ($1, $2, $3, $4, $5, $6) returning ${columns.select}`,
      [r.sku, r.name, r.description, r.priceCents, r.currency, r.stock],
    ).then(
      (rows) => callback(null, { product: toProduct(columns.fromRow(rows[0])) }),
      (error) => callback({ code: grpc.status.INTERNAL, details: String(error.message) }),
    );
  },
});
const port = await new Promise((resolve, reject) =>
  server.bindAsync(`127.0.0.1:${process.env.PORT ?? 0}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
    error ? reject(error) : resolve(bound),
  ),
);
process.stdout.write(`${JSON.stringify({ listening: port, table: columns.table })}\n`);

process.on('SIGTERM', () => {
  server.tryShutdown(() => {
    void db.close().finally(() => process.exit(0));
  });
});

async function openDatabase() {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { Pool } = require('pg');
    const pool = new Pool({ connectionString: url, max: 10 });
    pool.on('error', () => undefined);
    return { query: async (text, values) => (await pool.query(text, values)).rows, close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const client = new PGlite(process.env.DATA_DIR);
  await client.waitReady;
  return { query: async (text, values) => (await client.query(text, values)).rows, close: () => client.close() };
}

// The service owns its schema (drizzle migrations); find its product table and columns rather
// than hard-coding names that its migrations may spell differently.
async function productColumns() {
  const rows = await db.query(
    `select table_name, column_name from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`,
  );
  const byTable = new Map();
  for (const row of rows) byTable.set(row.table_name, [...(byTable.get(row.table_name) ?? []), row.column_name]);
  const table = process.env.PRODUCT_TABLE ?? [...byTable.keys()].find((name) => byTable.get(name).includes('sku'));
  if (!table) throw new Error(`no product table (a table with a sku column) among: ${[...byTable.keys()].join(', ')}`);
  const names = byTable.get(table);
  const pick = (pattern, field) => {
    const column = names.find((name) => pattern.test(name));
    if (!column) throw new Error(`product table ${table} has no column for ${field} (columns: ${names.join(', ')})`);
    return column;
  };
  const mapping = {
    id: pick(/^id$/, 'id'),
    sku: pick(/^sku$/, 'sku'),
    name: pick(/^name$/, 'name'),
    description: pick(/^description$/, 'description'),
    priceCents: pick(/^price_?cents$/i, 'priceCents'),
    currency: pick(/^currency$/, 'currency'),
    stock: pick(/^stock$/, 'stock'),
    createTime: pick(/^creat(e|ed)_?(time|at)$/i, 'createTime'),
    updateTime: pick(/^updat(e|ed)_?(time|at)$/i, 'updateTime'),
  };
  const quote = (name) => `"${name.replaceAll('"', '""')}"`;
  const fields = Object.entries(mapping);
  return {
    table: quote(table),
    id: quote(mapping.id),
    // Every column of the table in table order, as drizzle's select() lists them.
    select: names.map(quote).join(', '),
    fromRow: (row) => Object.fromEntries(fields.map(([field, column]) => [field, row[column]])),
  };
}

function toProduct(row) {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description ?? '',
    priceCents: Number(row.priceCents),
    currency: row.currency,
    stock: Number(row.stock),
    createTime: toTimestamp(row.createTime),
    updateTime: toTimestamp(row.updateTime),
  };
}

function toTimestamp(value) {
  const ms = new Date(value).getTime();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}

function STANDALONE_SCHEMA() {
  return `create table if not exists products (
    id uuid primary key default gen_random_uuid(),
    sku text not null unique,
    name text not null,
    description text not null default '',
    price_cents bigint not null,
    currency char(3) not null,
    stock integer not null check (stock >= 0),
    create_time timestamptz not null default now(),
    update_time timestamptz not null default now()
  )`;
}
