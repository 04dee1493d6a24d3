import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { InMemoryOrderRepository } from '../spec/fakes.spec-helper';
import { GetOrderUseCase } from './get-order.use-case';

describe('GetOrderUseCase', () => {
  it('returns the owner\'s order and hides it from anyone else', async () => {
    const orders = new InMemoryOrderRepository();
    const owner = randomUUID();
    const { order } = await orders.insertPending({ id: randomUUID(), userId: owner, items: [], idempotencyKey: null, requestHash: 'h' });
    const useCase = new GetOrderUseCase(orders);

    await expect(useCase.execute({ id: order.id, userId: owner })).resolves.toMatchObject({ id: order.id });
    await expect(useCase.execute({ id: order.id, userId: randomUUID() })).rejects.toMatchObject({
      status: GrpcStatus.NOT_FOUND,
      reason: 'ORDER_NOT_FOUND',
      domain: 'order.acme.dev',
    });
  });
});
