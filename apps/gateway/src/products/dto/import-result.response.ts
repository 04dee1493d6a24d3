import { ApiProperty } from '@nestjs/swagger';
import { ImportFailureResponse } from './import-failure.response';

/** Outcome of `POST /v1/products/import`. */
export class ImportResultResponse {
  @ApiProperty({ example: 998 })
  created!: number;

  @ApiProperty({ type: [ImportFailureResponse], description: 'Ordered by line' })
  failed!: ImportFailureResponse[];
}
