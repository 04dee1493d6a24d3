import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

/** A product and the quantity to order. */
export class LineItemRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  productId!: string;

  @ApiProperty({ minimum: 1, maximum: 1000, example: 2 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity!: number;
}
