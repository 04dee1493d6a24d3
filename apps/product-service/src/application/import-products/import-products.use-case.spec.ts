import { describe, expect, it } from 'vitest';
import { productV1 } from '@acme/contracts';
import { type ProductDraft } from '../../domain/product.entity';
import { InMemoryProductRepository } from '../in-memory-product.repository.spec-helper';
import { type ImportLine, ImportProductsUseCase } from './import-products.use-case';

const draft = (sku: string, overrides: Partial<ProductDraft> = {}): ProductDraft => ({ sku, name: 'n', description: '', priceCents: 1, currency: 'EUR', stock: 1, ...overrides });

async function* linesOf(drafts: (ProductDraft | undefined)[], pulled?: number[]): AsyncGenerator<ImportLine> {
  for (const [index, value] of drafts.entries()) {
    pulled?.push(index + 1);
    yield { line: index + 1, draft: value };
  }
}

describe('ImportProductsUseCase', () => {
  it('creates valid lines and reports invalid, taken and repeated skus by line, in line order', async () => {
    const products = new InMemoryProductRepository();
    await products.create(draft('TAKEN'));
    const report = await new ImportProductsUseCase(products, 2).execute(
      linesOf([draft('A'), draft('B', { priceCents: -1 }), draft('TAKEN'), draft('C'), draft('A'), undefined, draft('D'), draft('C')]),
    );
    expect(report.created).toBe(3);
    expect(report.failed.map(({ line, code }) => ({ line, code }))).toEqual([
      { line: 2, code: 'VALIDATION_FAILED' },
      { line: 3, code: 'SKU_ALREADY_EXISTS' },
      { line: 5, code: 'SKU_ALREADY_EXISTS' },
      { line: 6, code: 'VALIDATION_FAILED' },
      { line: 8, code: 'SKU_ALREADY_EXISTS' },
    ]);
    expect(report.failed[0]?.message).toContain('priceCents');
    expect(report.failedCount).toBe(5);
    expect(products.rows.map((row) => row.sku).sort()).toEqual(['A', 'C', 'D', 'TAKEN']);
  });

  it('lists the first IMPORT_FAILURES_LISTED failures by line and counts them all', async () => {
    const products = new InMemoryProductRepository();
    await products.create(draft('TAKEN'));
    // 2,500 lines in batches of 7: taken skus (reported when their batch is stored, after the
    // invalid lines that follow them) interleaved with invalid ones, every fifth line created.
    const drafts = Array.from({ length: 2_500 }, (_, i) =>
      i % 5 === 4 ? draft(`OK-${i}`) : i % 2 === 0 ? draft('TAKEN') : draft(`BAD-${i}`, { currency: 'euro' }),
    );
    const report = await new ImportProductsUseCase(products, 7).execute(linesOf(drafts));
    expect(report.created).toBe(500);
    expect(report.failedCount).toBe(2_000);
    expect(report.failed).toHaveLength(productV1.IMPORT_FAILURES_LISTED);
    const expected = Array.from({ length: 2_500 }, (_, i) => i + 1)
      .filter((line) => line % 5 !== 0)
      .slice(0, productV1.IMPORT_FAILURES_LISTED);
    expect(report.failed.map((failure) => failure.line)).toEqual(expected);
  });

  it('stores a batch before pulling the line after it', async () => {
    const products = new InMemoryProductRepository();
    const pulled: number[] = [];
    const observed: number[][] = [];
    const insertMany = products.insertMany.bind(products);
    products.insertMany = (drafts) => {
      observed.push([...pulled]);
      return insertMany(drafts);
    };
    const report = await new ImportProductsUseCase(products, 3).execute(linesOf(Array.from({ length: 7 }, (_, i) => draft(`S${i}`)), pulled));
    expect(report).toEqual({ created: 7, failed: [], failedCount: 0 });
    expect(products.batches).toEqual([3, 3, 1]);
    // When the first batch is inserted only its 3 lines have been read from the source.
    expect(observed).toEqual([
      [1, 2, 3],
      [1, 2, 3, 4, 5, 6],
      [1, 2, 3, 4, 5, 6, 7],
    ]);
  });
});
