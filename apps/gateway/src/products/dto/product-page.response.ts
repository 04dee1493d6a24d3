import { ApiProperty } from '@nestjs/swagger';
import { ProductResponse } from './product.response';

/** One page of `GET /v1/products`. */
export class ProductPageResponse {
  @ApiProperty({ type: [ProductResponse] })
  products!: ProductResponse[];

  @ApiProperty({ description: 'Token of the next page; empty on the last page' })
  nextPageToken!: string;
}
