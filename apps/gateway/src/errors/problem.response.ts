import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldErrorResponse } from './field-error.response';

/** RFC 9457 problem details: the body of every error (`application/problem+json`). */
export class ProblemResponse {
  @ApiProperty({ example: 'https://acme.dev/problems/insufficient-stock' })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'only 2 left of product 6f1c...' })
  detail!: string;

  @ApiProperty({ example: 'INSUFFICIENT_STOCK', description: 'Stable reason to match on' })
  code!: string;

  @ApiProperty({ example: '4bf92f3577b34da6a3ce929d0e0e4736', description: 'W3C trace id of the request' })
  traceId!: string;

  @ApiPropertyOptional({ type: [FieldErrorResponse] })
  errors?: FieldErrorResponse[];
}
