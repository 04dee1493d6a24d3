import { Injectable } from '@nestjs/common';
import { type Product, type ProductCursor } from '../../domain/product.entity';
import { ProductRepository } from '../../domain/product.repository';

export interface ProductPage {
  readonly products: Product[];
  /** Where the next page starts; undefined on the last page. */
  readonly next?: ProductCursor;
}

@Injectable()
export class ListProductsUseCase {
  constructor(private readonly products: ProductRepository) {}

  /** One page of products in creation order (keyset: stable while products are added). */
  async execute(pageSize: number, after?: ProductCursor): Promise<ProductPage> {
    // One row more than asked tells whether another page exists without a count query.
    const rows = await this.products.list(pageSize + 1, after);
    if (rows.length <= pageSize) return { products: rows };
    const page = rows.slice(0, pageSize);
    const last = page[page.length - 1] as Product;
    return { products: page, next: { createTime: last.createTime, id: last.id } };
  }
}
