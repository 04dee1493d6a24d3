import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO4217CurrencyCode, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

/** Body of `POST /v1/products`, and one line of `POST /v1/products/import`. */
export class CreateProductRequest {
  @ApiProperty({ example: 'SKU-0001', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  sku!: string;

  @ApiProperty({ example: 'Espresso cup', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ example: 1250, minimum: 0, description: 'Price in integer minor units of the currency' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  priceCents!: number;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217 code, upper case' })
  @IsISO4217CurrencyCode()
  currency!: string;

  @ApiProperty({ example: 10, minimum: 0, maximum: 2_147_483_647 })
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  stock!: number;
}
