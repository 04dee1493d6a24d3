import { ApiProperty } from '@nestjs/swagger';

/** A line of an import that did not become a product. */
export class ImportFailureResponse {
  @ApiProperty({ example: 2, description: '1-based line of the NDJSON body' })
  line!: number;

  @ApiProperty({ example: 'SKU_ALREADY_EXISTS' })
  code!: string;

  @ApiProperty({ example: 'sku SKU-0001 already exists' })
  message!: string;
}
