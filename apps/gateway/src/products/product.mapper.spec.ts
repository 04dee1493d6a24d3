import { describe, expect, it } from 'vitest';
import { type productV1 } from '@acme/contracts';
import { toCreateProductMessage, toImportFailure, toProductPageResponse, toProductResponse, toStockEventData } from './product.mapper';

const product: productV1.Product = {
  id: 'p1',
  sku: 'SKU-1',
  name: 'Cup',
  description: '',
  priceCents: 9_007_199_254_740_991,
  currency: 'EUR',
  stock: 3,
  createTime: { seconds: 1_714_564_800, nanos: 5_000_000 },
  updateTime: undefined,
};

describe('product mapper', () => {
  it('maps a product to camelCase JSON with RFC 3339 times and int64 as a number', () => {
    expect(toProductResponse(product)).toEqual({
      id: 'p1',
      sku: 'SKU-1',
      name: 'Cup',
      description: '',
      priceCents: 9_007_199_254_740_991,
      currency: 'EUR',
      stock: 3,
      createTime: '2024-05-01T12:00:00.005Z',
      updateTime: undefined,
    });
    expect(JSON.stringify(toProductResponse(product))).not.toContain('updateTime');
  });

  it('fills optional request fields with proto3 defaults', () => {
    expect(toCreateProductMessage({ sku: 's', name: 'n', priceCents: 1, currency: 'USD', stock: 0 })).toEqual({
      sku: 's',
      name: 'n',
      description: '',
      priceCents: 1,
      currency: 'USD',
      stock: 0,
    });
  });

  it('maps pages, stock changes and import failures', () => {
    expect(toProductPageResponse({ products: [product], nextPageToken: '' })).toEqual({ products: [toProductResponse(product)], nextPageToken: '' });
    expect(toStockEventData({ productId: 'p1', stock: 0, updateTime: { seconds: 0, nanos: 0 } })).toEqual({
      productId: 'p1',
      stock: 0,
      updateTime: '1970-01-01T00:00:00Z',
    });
    expect(toImportFailure({ line: 7, code: 'SKU_ALREADY_EXISTS', message: 'taken' })).toEqual({ line: 7, code: 'SKU_ALREADY_EXISTS', message: 'taken' });
  });
});
