import { ApiProperty } from '@nestjs/swagger';

/** A product with its available stock. */
export class ProductResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'SKU-0001' })
  sku!: string;

  @ApiProperty({ example: 'Espresso cup' })
  name!: string;

  @ApiProperty({ example: '' })
  description!: string;

  @ApiProperty({ example: 1250 })
  priceCents!: number;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ example: 10 })
  stock!: number;

  @ApiProperty({ format: 'date-time', required: false })
  createTime?: string;

  @ApiProperty({ format: 'date-time', required: false })
  updateTime?: string;
}
