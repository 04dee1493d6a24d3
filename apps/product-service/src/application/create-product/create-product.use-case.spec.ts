import { describe, expect, it } from 'vitest';
import { InMemoryProductRepository } from '../in-memory-product.repository.spec-helper';
import { CreateProductUseCase } from './create-product.use-case';

const draft = { sku: 'KETTLE-1', name: 'Kettle', description: '', priceCents: 2999, currency: 'EUR', stock: 4 };

describe('CreateProductUseCase', () => {
  it('stores a valid product', async () => {
    const products = new InMemoryProductRepository();
    const created = await new CreateProductUseCase(products).execute(draft);
    expect(created).toMatchObject(draft);
    expect(products.rows).toEqual([created]);
  });

  it('refuses an invalid draft with VALIDATION_FAILED and its fields, storing nothing', async () => {
    const products = new InMemoryProductRepository();
    const error = await new CreateProductUseCase(products).execute({ ...draft, priceCents: -1, stock: -2 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 3, reason: 'VALIDATION_FAILED', domain: 'product.acme.dev' });
    expect((error as { fieldViolations: { field: string }[] }).fieldViolations.map((v) => v.field)).toEqual(['priceCents', 'stock']);
    expect(products.rows).toEqual([]);
  });

  it('refuses a taken sku with ALREADY_EXISTS SKU_ALREADY_EXISTS', async () => {
    const useCase = new CreateProductUseCase(new InMemoryProductRepository());
    await useCase.execute(draft);
    await expect(useCase.execute({ ...draft, name: 'Another' })).rejects.toMatchObject({ status: 6, reason: 'SKU_ALREADY_EXISTS', metadata: { sku: 'KETTLE-1' } });
  });
});
