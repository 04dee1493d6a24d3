import { ApiProperty } from '@nestjs/swagger';

/** One invalid field of a VALIDATION_FAILED problem. */
export class FieldErrorResponse {
  @ApiProperty({ example: 'items.0.quantity' })
  field!: string;

  @ApiProperty({ example: 'quantity must not be less than 1' })
  description!: string;
}
