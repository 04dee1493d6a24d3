import { describe, expect, it } from 'vitest';
import { parseImportLine } from './import-line.parser';

describe('parseImportLine', () => {
  const valid = { sku: 'S-1', name: 'Cup', priceCents: 100, currency: 'EUR', stock: 2 };

  it('turns a valid line into an ImportProductsRequest carrying its line number', () => {
    expect(parseImportLine(JSON.stringify(valid), 4)).toEqual({ message: { line: 4, product: { ...valid, description: '' } } });
  });

  it.each([
    ['{not json', 'line 1 is not valid JSON'],
    ['null', 'line 1 is not a JSON object'],
    ['[{"sku":"a"}]', 'line 1 is not a JSON object'],
    ['"text"', 'line 1 is not a JSON object'],
  ])('refuses %j as MALFORMED_BODY', (text, message) => {
    expect(parseImportLine(text, 1)).toEqual({ failure: { line: 1, code: 'MALFORMED_BODY', message } });
  });

  it('refuses wrong types, ranges and unknown fields as VALIDATION_FAILED, naming the fields', () => {
    const parsed = parseImportLine(JSON.stringify({ ...valid, priceCents: '100', stock: -1, color: 'red' }), 9);
    expect(parsed).toEqual({ failure: { line: 9, code: 'VALIDATION_FAILED', message: expect.any(String) } });
    const message = 'failure' in parsed ? parsed.failure.message : '';
    for (const field of ['priceCents', 'stock', 'color']) expect(message).toContain(`${field}:`);
  });
});
