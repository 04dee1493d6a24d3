import { ApiProperty } from '@nestjs/swagger';
import { ImportFailureResponse } from './import-failure.response';

/** Outcome of `POST /v1/products/import`. */
export class ImportResultResponse {
  @ApiProperty({ example: 998 })
  created!: number;

  @ApiProperty({ type: [ImportFailureResponse], description: 'The first failed lines, at most 1000, ordered by line' })
  failed!: ImportFailureResponse[];

  @ApiProperty({ example: 2, description: 'Every failed line, listed in `failed` or not' })
  failedCount!: number;
}
