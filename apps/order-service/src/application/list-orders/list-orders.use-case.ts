import { Injectable } from '@nestjs/common';
import { type Order } from '../../domain/order';
import { OrderRepository } from '../../domain/order.repository';
import { PageToken } from './page-token';

export interface ListOrdersQuery {
  readonly userId: string;
  /** 1..100, already defaulted by the transport. */
  readonly pageSize: number;
  /** '' for the first page. */
  readonly pageToken: string;
}

export interface OrdersPage {
  readonly orders: Order[];
  /** '' when there are no more orders. */
  readonly nextPageToken: string;
}

/** The caller's orders, newest first, paged by keyset (stable while orders are added). */
@Injectable()
export class ListOrdersUseCase {
  constructor(private readonly orders: OrderRepository) {}

  async execute(query: ListOrdersQuery): Promise<OrdersPage> {
    const cursor = query.pageToken === '' ? undefined : PageToken.decode(query.pageToken);
    // One more than asked tells whether another page exists without a count query.
    const found = await this.orders.listByUser(query.userId, query.pageSize + 1, cursor);
    const orders = found.slice(0, query.pageSize);
    const last = orders.at(-1);
    const nextPageToken = found.length > query.pageSize && last !== undefined ? PageToken.encode({ createTime: last.createTime, id: last.id }) : '';
    return { orders, nextPageToken };
  }
}
