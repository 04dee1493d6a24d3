import { Injectable } from '@nestjs/common';
import { type Product } from '../../domain/product.entity';
import { productNotFound } from '../../domain/product.errors';
import { ProductRepository } from '../../domain/product.repository';

@Injectable()
export class GetProductUseCase {
  constructor(private readonly products: ProductRepository) {}

  /** Throws PRODUCT_NOT_FOUND when no product has this id. */
  async execute(id: string): Promise<Product> {
    const product = await this.products.findById(id);
    if (product === undefined) throw productNotFound(id);
    return product;
  }
}
