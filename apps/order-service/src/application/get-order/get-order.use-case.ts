import { Injectable } from '@nestjs/common';
import { type Order } from '../../domain/order';
import { OrderErrors } from '../../domain/order-errors';
import { OrderRepository } from '../../domain/order.repository';

/** One of the caller's orders; NOT_FOUND (ORDER_NOT_FOUND) for anyone else's, so ids leak nothing. */
@Injectable()
export class GetOrderUseCase {
  constructor(private readonly orders: OrderRepository) {}

  async execute(query: { readonly id: string; readonly userId: string }): Promise<Order> {
    const order = await this.orders.findOwned(query.id, query.userId);
    if (order === undefined) throw OrderErrors.orderNotFound(query.id);
    return order;
  }
}
