import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { LineItemRequest } from './line-item.request';

/** Body of `POST /v1/orders`. */
export class CreateOrderRequest {
  @ApiProperty({ type: [LineItemRequest], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  // Names the class of each item so that it is validated; not a type conversion.
  @Type(() => LineItemRequest)
  items!: LineItemRequest[];
}
