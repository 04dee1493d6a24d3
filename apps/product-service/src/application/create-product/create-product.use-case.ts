import { Injectable } from '@nestjs/common';
import { type Product, type ProductDraft } from '../../domain/product.entity';
import { validateProductDraft } from '../../domain/product-draft.validator';
import { skuAlreadyExists, validationFailed } from '../../domain/product.errors';
import { ProductRepository } from '../../domain/product.repository';

@Injectable()
export class CreateProductUseCase {
  constructor(private readonly products: ProductRepository) {}

  /** Throws VALIDATION_FAILED for an invalid draft, SKU_ALREADY_EXISTS for a taken sku. */
  async execute(draft: ProductDraft): Promise<Product> {
    const violations = validateProductDraft(draft);
    if (violations.length > 0) throw validationFailed(violations);
    const product = await this.products.create(draft);
    if (product === undefined) throw skuAlreadyExists(draft.sku);
    return product;
  }
}
