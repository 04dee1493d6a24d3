import { ApiProperty } from '@nestjs/swagger';
import { OrderItemResponse } from './order-item.response';

/** Wire names of the order statuses (proto enum names without ORDER_STATUS_). */
export const ORDER_STATUSES = ['UNSPECIFIED', 'PENDING', 'CONFIRMED', 'CANCELLED', 'FAILED'] as const;
export type OrderStatusName = (typeof ORDER_STATUSES)[number];

/** An order of the caller. */
export class OrderResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ enum: ORDER_STATUSES, example: 'CONFIRMED' })
  status!: OrderStatusName;

  @ApiProperty({ type: [OrderItemResponse] })
  items!: OrderItemResponse[];

  @ApiProperty({ example: 2500 })
  totalCents!: number;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ format: 'date-time', required: false })
  createTime?: string;
}
