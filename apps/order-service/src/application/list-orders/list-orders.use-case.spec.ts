import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { InMemoryOrderRepository } from '../spec/fakes.spec-helper';
import { ListOrdersUseCase } from './list-orders.use-case';
import { PageToken } from './page-token';

describe('ListOrdersUseCase', () => {
  it('pages through the user\'s orders newest first with opaque tokens', async () => {
    const orders = new InMemoryOrderRepository();
    const user = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { order } = await orders.insertPending({ id: randomUUID(), userId: user, items: [], idempotencyKey: null, requestHash: 'h' });
      ids.push(order.id);
    }
    await orders.insertPending({ id: randomUUID(), userId: randomUUID(), items: [], idempotencyKey: null, requestHash: 'h' });
    const useCase = new ListOrdersUseCase(orders);

    const seen: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const page = await useCase.execute({ userId: user, pageSize: 2, pageToken });
      seen.push(...page.orders.map((o) => o.id));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken !== '');

    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBe(3);
  });

  it('refuses a token it did not issue with INVALID_PAGE_TOKEN', async () => {
    const useCase = new ListOrdersUseCase(new InMemoryOrderRepository());
    for (const pageToken of ['nope', Buffer.from('[1,"x"]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
      await expect(useCase.execute({ userId: randomUUID(), pageSize: 2, pageToken })).rejects.toMatchObject({
        status: GrpcStatus.INVALID_ARGUMENT,
        reason: 'INVALID_PAGE_TOKEN',
      });
    }
  });

  it('round-trips a cursor through the token', () => {
    const cursor = { createTime: new Date(1_700_000_000_123), id: randomUUID() };
    expect(PageToken.decode(PageToken.encode(cursor))).toEqual(cursor);
  });
});
