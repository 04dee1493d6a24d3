import { ApiProperty } from '@nestjs/swagger';

/** `data:` of an `event: stock` of `GET /v1/products/{id}/stock/stream`. */
export class StockEventData {
  @ApiProperty({ format: 'uuid' })
  productId!: string;

  @ApiProperty({ example: 7 })
  stock!: number;

  @ApiProperty({ format: 'date-time', required: false })
  updateTime?: string;
}
