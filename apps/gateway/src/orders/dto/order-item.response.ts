import { ApiProperty } from '@nestjs/swagger';

/** An ordered product with the unit price it was reserved at. */
export class OrderItemResponse {
  @ApiProperty({ format: 'uuid' })
  productId!: string;

  @ApiProperty({ example: 2 })
  quantity!: number;

  @ApiProperty({ example: 1250, description: 'Minor units of the order currency' })
  unitPriceCents!: number;
}
