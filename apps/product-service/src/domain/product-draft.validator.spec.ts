import { describe, expect, it } from 'vitest';
import { type ProductDraft } from './product.entity';
import { validateProductDraft } from './product-draft.validator';

const valid: ProductDraft = { sku: 'Ab-9._x', name: 'Kettle', description: '', priceCents: 0, currency: 'USD', stock: 0 };
const fieldsOf = (draft: Partial<ProductDraft>): string[] => validateProductDraft({ ...valid, ...draft }).map((v) => v.field);

describe('validateProductDraft', () => {
  it('accepts a valid draft, including the limits', () => {
    expect(validateProductDraft(valid)).toEqual([]);
    expect(fieldsOf({ sku: 'x'.repeat(64), name: 'n'.repeat(200), description: 'd'.repeat(2000), priceCents: Number.MAX_SAFE_INTEGER, stock: 2_147_483_647 })).toEqual([]);
  });

  it.each([
    [{ sku: '' }, 'sku'],
    [{ sku: 'x'.repeat(65) }, 'sku'],
    [{ sku: 'with space' }, 'sku'],
    [{ sku: 'ümlaut' }, 'sku'],
    [{ name: '' }, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'n'.repeat(201) }, 'name'],
    [{ description: 'd'.repeat(2001) }, 'description'],
    [{ priceCents: -1 }, 'priceCents'],
    [{ priceCents: 1.5 }, 'priceCents'],
    [{ priceCents: 2 ** 53 }, 'priceCents'],
    [{ currency: 'usd' }, 'currency'],
    [{ currency: 'ABC' }, 'currency'],
    [{ currency: 'EURO' }, 'currency'],
    [{ stock: -1 }, 'stock'],
    [{ stock: 0.5 }, 'stock'],
  ] satisfies [Partial<ProductDraft>, string][])('refuses %o in %s', (draft, field) => {
    expect(fieldsOf(draft)).toEqual([field]);
  });

  it('reports every invalid field at once, in camelCase', () => {
    expect(fieldsOf({ sku: '', priceCents: -1, currency: 'x', stock: -5 })).toEqual(['sku', 'priceCents', 'currency', 'stock']);
  });
});
