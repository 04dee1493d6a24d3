import { describe, expect, it } from 'vitest';
import { InMemoryProductRepository } from '../in-memory-product.repository.spec-helper';
import { GetProductUseCase } from './get-product.use-case';

describe('GetProductUseCase', () => {
  it('returns the product or fails with NOT_FOUND PRODUCT_NOT_FOUND', async () => {
    const products = new InMemoryProductRepository();
    const stored = await products.create({ sku: 'S', name: 'n', description: '', priceCents: 1, currency: 'EUR', stock: 1 });
    const useCase = new GetProductUseCase(products);
    expect(await useCase.execute(stored?.id ?? '')).toEqual(stored);
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(useCase.execute(missing)).rejects.toMatchObject({ status: 5, reason: 'PRODUCT_NOT_FOUND', metadata: { product_id: missing } });
  });
});
