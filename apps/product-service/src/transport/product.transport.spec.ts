import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions } from '@nestjs/microservices';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@acme/config';
import { productV1 } from '@acme/contracts';
import { RemoteError } from '@acme/errors';
import { createGrpcChannel, createGrpcClient, type GrpcClient } from '@acme/grpc-client';
import { grpcServerOptions } from '@acme/grpc-server';
import { createTestDatabase, freePort, type TestDatabase, testDatabaseKinds, waitFor } from '@acme/testing';
import { AppModule } from '../app.module';
import { configSchema } from '../config';
import { PgStockChanges } from '../infrastructure/pg-stock-changes.adapter';

type ProductClient = GrpcClient<typeof productV1.ProductServiceDefinition>;

// PostgreSQL when available (NOTIFY across connections, the production path), else PGlite.
const kind = testDatabaseKinds().at(-1) ?? 'pglite';

const request = (overrides: Partial<productV1.CreateProductRequest> = {}): productV1.CreateProductRequest => ({
  sku: `SKU-${randomUUID()}`,
  name: 'Kettle',
  description: 'boils water',
  priceCents: 2999,
  currency: 'EUR',
  stock: 10,
  ...overrides,
});

async function remoteError(call: Promise<unknown>): Promise<RemoteError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteError);
  return error as RemoteError;
}

describe(`ProductService over gRPC (${kind})`, () => {
  let database: TestDatabase;
  let app: INestMicroservice;
  let client: ProductClient;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const port = await freePort();
    const config = loadConfig(configSchema, { NODE_ENV: 'test', LOG_LEVEL: 'warn', GRPC_PORT: String(port), DATABASE_URL: database.url, DATA_DIR: database.dataDir });
    app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule.forRoot(config), {
      ...grpcServerOptions({ url: `127.0.0.1:${port}`, protoFiles: [productV1.SERVICE_PROTO], packages: [productV1.PACKAGE] }),
      logger: false,
    });
    await app.listen();
    const channel = createGrpcChannel(`127.0.0.1:${port}`, { definitions: [productV1.ProductServiceDefinition] });
    client = createGrpcClient(productV1.ProductServiceDefinition, channel, { defaultTimeoutMs: 20_000 });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const create = async (overrides: Partial<productV1.CreateProductRequest> = {}): Promise<productV1.Product> => {
    const { product } = await client.createProduct(request(overrides));
    if (product === undefined) throw new Error('no product');
    return product;
  };

  describe('CreateProduct and GetProduct', () => {
    it('creates a product and reads it back', async () => {
      const product = await create({ priceCents: 1250, currency: 'USD', stock: 7 });
      expect(product).toMatchObject({ priceCents: 1250, currency: 'USD', stock: 7, name: 'Kettle', description: 'boils water' });
      expect(product.createTime?.seconds).toBeGreaterThan(0);
      expect((await client.getProduct({ id: product.id })).product).toEqual(product);
      expect((await client.getProduct({ id: product.id.toUpperCase() })).product?.id).toBe(product.id);
    });

    it('refuses a taken sku with ALREADY_EXISTS SKU_ALREADY_EXISTS', async () => {
      const product = await create();
      const error = await remoteError(client.createProduct(request({ sku: product.sku })));
      expect(error).toMatchObject({ status: status.ALREADY_EXISTS, reason: 'SKU_ALREADY_EXISTS', domain: 'product.acme.dev' });
    });

    it('refuses invalid fields with INVALID_ARGUMENT VALIDATION_FAILED naming each camelCase field', async () => {
      const error = await remoteError(client.createProduct(request({ sku: 'bad sku', priceCents: -1, currency: 'XXX', stock: -5 })));
      expect(error).toMatchObject({ status: status.INVALID_ARGUMENT, reason: 'VALIDATION_FAILED' });
      expect(error.fieldViolations.map((v) => v.field)).toEqual(['sku', 'priceCents', 'currency', 'stock']);
    });

    it('answers NOT_FOUND PRODUCT_NOT_FOUND for an unknown id and INVALID_ARGUMENT for a malformed one', async () => {
      const missing = randomUUID();
      expect(await remoteError(client.getProduct({ id: missing }))).toMatchObject({
        status: status.NOT_FOUND,
        reason: 'PRODUCT_NOT_FOUND',
        metadata: { product_id: missing },
      });
      const malformed = await remoteError(client.getProduct({ id: '42' }));
      expect(malformed).toMatchObject({ status: status.INVALID_ARGUMENT, reason: 'VALIDATION_FAILED' });
      expect(malformed.fieldViolations).toEqual([{ field: 'id', description: 'must be a UUID' }]);
    });
  });

  describe('ListProducts', () => {
    it('pages through every product in creation order with opaque tokens', async () => {
      const created = [await create(), await create(), await create()];
      const seen: string[] = [];
      let pageToken = '';
      do {
        const page = await client.listProducts({ pageSize: 2, pageToken });
        expect(page.products.length).toBeLessThanOrEqual(2);
        seen.push(...page.products.map((p) => p.id));
        pageToken = page.nextPageToken;
      } while (pageToken !== '');
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.slice(-3)).toEqual(created.map((p) => p.id));
      const firstPage = await client.listProducts({ pageSize: 0, pageToken: '' });
      expect(firstPage.products.length).toBe(Math.min(20, seen.length));
    });

    it('refuses a page size over 100 and a malformed token', async () => {
      const tooLarge = await remoteError(client.listProducts({ pageSize: 101, pageToken: '' }));
      expect(tooLarge).toMatchObject({ status: status.INVALID_ARGUMENT, reason: 'VALIDATION_FAILED' });
      expect(tooLarge.fieldViolations.map((v) => v.field)).toEqual(['pageSize']);
      expect(await remoteError(client.listProducts({ pageSize: 10, pageToken: 'garbage!' }))).toMatchObject({
        status: status.INVALID_ARGUMENT,
        reason: 'INVALID_PAGE_TOKEN',
      });
    });
  });

  describe('ReserveStock and ReleaseStock', () => {
    it('reserves atomically and idempotently per order id, releases once, and never re-reserves a released order', async () => {
      const [a, b] = [await create({ stock: 5, priceCents: 300 }), await create({ stock: 2, priceCents: 4500, currency: 'USD' })];
      const orderId = randomUUID();
      const items = [
        { productId: a.id, quantity: 2 },
        { productId: b.id, quantity: 2 },
      ];
      const reserved = await client.reserveStock({ orderId, items });
      expect(reserved.orderId).toBe(orderId);
      expect(reserved.items).toEqual(
        expect.arrayContaining([
          { productId: a.id, quantity: 2, unitPriceCents: 300, currency: 'EUR' },
          { productId: b.id, quantity: 2, unitPriceCents: 4500, currency: 'USD' },
        ]),
      );
      expect(await client.reserveStock({ orderId, items })).toEqual(reserved);
      const stockOf = async (id: string): Promise<number | undefined> => (await client.getProduct({ id })).product?.stock;
      expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([3, 0]);

      expect(await remoteError(client.reserveStock({ orderId, items: [{ productId: a.id, quantity: 1 }] }))).toMatchObject({
        status: status.ALREADY_EXISTS,
        reason: 'RESERVATION_CONFLICT',
      });
      expect(await remoteError(client.reserveStock({ orderId: randomUUID(), items: [{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 1 }] }))).toMatchObject({
        status: status.FAILED_PRECONDITION,
        reason: 'INSUFFICIENT_STOCK',
        metadata: { product_id: b.id, requested: '1', available: '0' },
      });
      expect(await stockOf(a.id)).toBe(3);

      const released = await client.releaseStock({ orderId });
      expect(released.releasedItems).toEqual(expect.arrayContaining(items));
      expect((await client.releaseStock({ orderId })).releasedItems).toEqual([]);
      expect((await client.releaseStock({ orderId: randomUUID() })).releasedItems).toEqual([]);
      expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([5, 2]);

      expect(await remoteError(client.reserveStock({ orderId, items }))).toMatchObject({
        status: status.ALREADY_EXISTS,
        reason: 'RESERVATION_CONFLICT',
        metadata: { order_id: orderId, reservation_status: 'RELEASED' },
      });
      expect(await stockOf(a.id)).toBe(5);
    });

    it('answers NOT_FOUND for an unknown product and INVALID_ARGUMENT for malformed items', async () => {
      const missing = randomUUID();
      expect(await remoteError(client.reserveStock({ orderId: randomUUID(), items: [{ productId: missing, quantity: 1 }] }))).toMatchObject({
        status: status.NOT_FOUND,
        reason: 'PRODUCT_NOT_FOUND',
        metadata: { product_id: missing },
      });
      const malformed = await remoteError(client.reserveStock({ orderId: '', items: [{ productId: missing, quantity: 0 }] }));
      expect(malformed).toMatchObject({ status: status.INVALID_ARGUMENT, reason: 'VALIDATION_FAILED' });
      expect(malformed.fieldViolations.map((v) => v.field)).toEqual(['orderId']);
    });
  });

  describe('WatchStock', () => {
    it('streams the current stock, then a change made by ReserveStock, and lets go when cancelled', async () => {
      const product = await create({ stock: 4 });
      const feed = app.get(PgStockChanges);
      const stream = client.watchStock({ productId: product.id })[Symbol.asyncIterator]();
      const first = await stream.next();
      expect(first.value).toMatchObject({ productId: product.id, stock: 4 });
      await client.reserveStock({ orderId: randomUUID(), items: [{ productId: product.id, quantity: 3 }] });
      const second = await stream.next();
      expect(second.value).toMatchObject({ productId: product.id, stock: 1 });
      expect(second.value?.updateTime?.seconds).toBeGreaterThan(0);
      await stream.return?.();
      await waitFor(() => !feed.observed, { what: 'the cancelled watch to unsubscribe' });
    });

    it('answers NOT_FOUND PRODUCT_NOT_FOUND for an unknown product', async () => {
      const stream = client.watchStock({ productId: randomUUID() })[Symbol.asyncIterator]();
      expect(await remoteError(stream.next())).toMatchObject({ status: status.NOT_FOUND, reason: 'PRODUCT_NOT_FOUND' });
      const malformed = client.watchStock({ productId: 'nope' })[Symbol.asyncIterator]();
      expect(await remoteError(malformed.next())).toMatchObject({ status: status.INVALID_ARGUMENT, reason: 'VALIDATION_FAILED' });
    });
  });

  describe('ImportProducts', () => {
    it('streams 5,000 lines in batches and reports failures by line', async () => {
      const prefix = randomUUID().slice(0, 8);
      const taken = await create({ sku: `${prefix}-taken` });
      const lines = 5_000;
      async function* requests(): AsyncGenerator<productV1.ImportProductsRequest> {
        for (let line = 1; line <= lines; line++) {
          let product = request({ sku: `${prefix}-${line}`, stock: line });
          if (line === 10) product = { ...product, currency: 'euro' };
          if (line === 2_345) product = { ...product, sku: `${prefix}-7` };
          if (line === 4_999) product = { ...product, sku: taken.sku };
          yield { line, product };
        }
      }
      const report = await client.importProducts(requests());
      expect(report.failed.map(({ line, code }) => ({ line, code }))).toEqual([
        { line: 10, code: 'VALIDATION_FAILED' },
        { line: 2_345, code: 'SKU_ALREADY_EXISTS' },
        { line: 4_999, code: 'SKU_ALREADY_EXISTS' },
      ]);
      expect(report.created).toBe(lines - 3);
      const last = await client.listProducts({ pageSize: 100, pageToken: '' });
      expect(last.products.length).toBeGreaterThan(0);
    });

    it('survives a caller that gives up mid-stream', async () => {
      const prefix = randomUUID().slice(0, 8);
      async function* failing(): AsyncGenerator<productV1.ImportProductsRequest> {
        for (let line = 1; line <= 600; line++) yield { line, product: request({ sku: `${prefix}-${line}` }) };
        throw new Error('the upload broke');
      }
      await expect(client.importProducts(failing())).rejects.toThrow('the upload broke');
      async function* oneLine(): AsyncGenerator<productV1.ImportProductsRequest> {
        yield { line: 1, product: request({ sku: `${prefix}-after` }) };
      }
      expect(await client.importProducts(oneLine())).toEqual({ created: 1, failed: [], failedCount: 0 });
    });
  });

  // Last: it ends the process's stock feed.
  describe('shutdown', () => {
    it('ends open WatchStock streams with UNAVAILABLE so callers reconnect', async () => {
      const product = await create({ stock: 1 });
      const stream = client.watchStock({ productId: product.id })[Symbol.asyncIterator]();
      expect((await stream.next()).value).toMatchObject({ stock: 1 });
      app.get(PgStockChanges).stop();
      expect(await remoteError(stream.next())).toMatchObject({ status: status.UNAVAILABLE, reason: 'UNAVAILABLE', domain: 'product.acme.dev' });
    });
  });
});
