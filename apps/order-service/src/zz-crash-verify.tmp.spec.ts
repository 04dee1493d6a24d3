// Temporary verification (deleted after the run): the built process with the fault flag.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { orderV1 } from '@acme/contracts';
import { createGrpcChannel, createGrpcClient } from '@acme/grpc-client';
import { createTestDatabase, freePort, waitFor } from '@acme/testing';
import { StubProductService, StubUserService } from './transport/spec/stub-backends.spec-helper';

it('crashes after reserve and recovers on restart', async () => {
  const users = new StubUserService();
  const products = new StubProductService();
  const [userTarget, productTarget] = await Promise.all([users.start(), products.start()]);
  const db = await createTestDatabase('pglite');
  const port = await freePort();
  const start = (extra: Record<string, string>) => {
    const child = spawn(process.execPath, [join(__dirname, '../dist/main.js')], {
      env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_DIR: db.dataDir, GRPC_PORT: String(port), METRICS_PORT: '0', USER_SERVICE_TARGET: userTarget, PRODUCT_SERVICE_TARGET: productTarget, ...extra },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return child;
  };
  const userId = randomUUID();
  const productId = randomUUID();
  users.users.add(userId);
  products.addProduct(productId, 5);
  const client = createGrpcClient(orderV1.OrderServiceDefinition, createGrpcChannel(`127.0.0.1:${port}`, { definitions: [orderV1.OrderServiceDefinition] }), { defaultTimeoutMs: 10_000 });

  const first = start({ FAULT_CRASH_AFTER_RESERVE: 'true', ORDER_PENDING_LEASE_MS: '1' });
  const exited = once(first, 'exit');
  await waitFor(async () => (await client.listOrders({ userId, pageSize: 1, pageToken: '' }).then(() => true, () => false)), { timeoutMs: 30_000 });
  await expect(client.createOrder({ userId, items: [{ productId, quantity: 3 }], idempotencyKey: '' })).rejects.toMatchObject({ status: 14 });
  const [code, signal] = await exited;
  expect(signal).toBe('SIGKILL');
  expect(code).toBeNull();
  expect(products.stockOf(productId)).toBe(2);

  const second = start({ FAULT_CRASH_AFTER_RESERVE: 'false', ORDER_PENDING_LEASE_MS: '1' });
  await waitFor(() => products.stockOf(productId) === 5, { timeoutMs: 30_000 });
  const { orders } = await client.listOrders({ userId, pageSize: 10, pageToken: '' });
  expect(orders.map((o) => o.status)).toEqual([orderV1.OrderStatus.ORDER_STATUS_FAILED]);
  const ok = await client.createOrder({ userId, items: [{ productId, quantity: 5 }], idempotencyKey: '' });
  expect(ok.order?.status).toBe(orderV1.OrderStatus.ORDER_STATUS_CONFIRMED);
  second.kill('SIGKILL');
  await once(second, 'exit');

  // The flag outside NODE_ENV=test fails the boot.
  const refused = start({ NODE_ENV: 'production', FAULT_CRASH_AFTER_RESERVE: 'true' });
  const [refusedCode] = await once(refused, 'exit');
  expect(refusedCode).toBe(1);
  await Promise.all([users.stop(), products.stop()]);
  await db.drop();
}, 90_000);
