import { ApiProperty } from '@nestjs/swagger';
import { OrderResponse } from './order.response';

/** One page of `GET /v1/orders`, newest first. */
export class OrderPageResponse {
  @ApiProperty({ type: [OrderResponse] })
  orders!: OrderResponse[];

  @ApiProperty({ description: 'Token of the next page; empty on the last page' })
  nextPageToken!: string;
}
