import { describe, expect, it } from 'vitest';
import { InMemoryProductRepository } from '../in-memory-product.repository.spec-helper';
import { ListProductsUseCase } from './list-products.use-case';

describe('ListProductsUseCase', () => {
  it('pages through every product once, with a cursor only while more remain', async () => {
    const products = new InMemoryProductRepository();
    for (let i = 0; i < 5; i++) await products.create({ sku: `S${i}`, name: 'n', description: '', priceCents: 1, currency: 'EUR', stock: 1 });
    const useCase = new ListProductsUseCase(products);

    const first = await useCase.execute(2);
    const second = await useCase.execute(2, first.next);
    const third = await useCase.execute(2, second.next);
    expect([first, second, third].map((page) => page.products.map((p) => p.sku))).toEqual([['S0', 'S1'], ['S2', 'S3'], ['S4']]);
    expect(third.next).toBeUndefined();
    expect(first.next).toEqual({ createTime: first.products[1]?.createTime, id: first.products[1]?.id });

    // A page that ends exactly at the last product has no next page.
    expect((await useCase.execute(5)).next).toBeUndefined();
  });
});
