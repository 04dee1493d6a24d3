import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `?pageSize=&pageToken=` of a list route. Query values are strings: pageSize converts here. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20, description: 'Items per page' })
  @IsOptional()
  // Explicit: an empty or non-numeric value stays invalid instead of turning into 0 or NaN silently.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;

  @ApiPropertyOptional({ description: 'Opaque token from the previous page; empty for the first page' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  pageToken?: string;
}
