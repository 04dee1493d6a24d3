import { describe, expect, it } from 'vitest';
import { toTimestamp } from '@acme/contracts';
import { toImportLine, toImportProductsResponse, toProductDraft, toProductMessage, toWatchStockResponse } from './product.mapper';

describe('product mapper', () => {
  it('converts Dates to protobuf Timestamps, also before 1970', () => {
    expect(toTimestamp(new Date(1_700_000_000_123))).toEqual({ seconds: 1_700_000_000, nanos: 123_000_000 });
    expect(toTimestamp(new Date(-1))).toEqual({ seconds: -1, nanos: 999_000_000 });
  });

  it('maps a product to its message and a create request to a draft', () => {
    const time = new Date(2_000);
    const product = { id: 'id', sku: 's', name: 'n', description: 'd', priceCents: 5, currency: 'EUR', stock: 2, createTime: time, updateTime: time };
    expect(toProductMessage(product)).toEqual({ ...product, createTime: { seconds: 2, nanos: 0 }, updateTime: { seconds: 2, nanos: 0 } });
    const request = { sku: 's', name: 'n', description: 'd', priceCents: 5, currency: 'EUR', stock: 2 };
    expect(toProductDraft(request)).toEqual(request);
    expect(toWatchStockResponse({ productId: 'p', stock: 3, updateTime: time })).toEqual({ productId: 'p', stock: 3, updateTime: { seconds: 2, nanos: 0 } });
  });

  it('takes the caller\'s line number, falling back to the position, and tolerates a missing product', () => {
    const product = { sku: 's', name: 'n', description: '', priceCents: 1, currency: 'EUR', stock: 0 };
    expect(toImportLine({ line: 7, product }, 1)).toEqual({ line: 7, draft: product });
    expect(toImportLine({ line: 0, product }, 3)).toEqual({ line: 3, draft: product });
    expect(toImportLine({ line: 4, product: undefined }, 4)).toEqual({ line: 4, draft: undefined });
    expect(toImportProductsResponse({ created: 1, failed: [{ line: 2, code: 'C', message: 'm' }], failedCount: 1 })).toEqual({ created: 1, failed: [{ line: 2, code: 'C', message: 'm' }], failedCount: 1 });
  });
});
