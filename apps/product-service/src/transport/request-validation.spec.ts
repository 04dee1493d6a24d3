import { describe, expect, it } from 'vitest';
import { pageSizeOf, requireOrderId, requireProductId, requireStockItems } from './request-validation';

const violationsOf = (fn: () => unknown): { field: string }[] => {
  try {
    fn();
  } catch (error) {
    expect(error).toMatchObject({ reason: 'VALIDATION_FAILED', status: 3 });
    return (error as { fieldViolations: { field: string }[] }).fieldViolations;
  }
  throw new Error('expected VALIDATION_FAILED');
};

describe('request validation', () => {
  const id = '0B7F8A3E-2A4D-4C59-9A43-6F3E2B1C0D9E';

  it('accepts UUIDs in canonical lower case and refuses anything else', () => {
    expect(requireProductId(id, 'id')).toBe(id.toLowerCase());
    expect(violationsOf(() => requireProductId('42', 'productId'))).toEqual([{ field: 'productId', description: 'must be a UUID' }]);
  });

  it('defaults the page size to 20 and bounds it to 1..100', () => {
    expect(pageSizeOf(0)).toBe(20);
    expect(pageSizeOf(1)).toBe(1);
    expect(pageSizeOf(100)).toBe(100);
    expect(violationsOf(() => pageSizeOf(101)).map((v) => v.field)).toEqual(['pageSize']);
    expect(violationsOf(() => pageSizeOf(-1)).map((v) => v.field)).toEqual(['pageSize']);
  });

  it('needs an order id and at least one well-formed item', () => {
    expect(requireOrderId('order-1')).toBe('order-1');
    expect(violationsOf(() => requireOrderId('')).map((v) => v.field)).toEqual(['orderId']);
    expect(violationsOf(() => requireOrderId('x'.repeat(129))).map((v) => v.field)).toEqual(['orderId']);
    expect(requireStockItems([{ productId: id, quantity: 2 }])).toEqual([{ productId: id.toLowerCase(), quantity: 2 }]);
    expect(violationsOf(() => requireStockItems([])).map((v) => v.field)).toEqual(['items']);
    expect(
      violationsOf(() =>
        requireStockItems([
          { productId: id, quantity: 1 },
          { productId: 'nope', quantity: 0 },
        ]),
      ).map((v) => v.field),
    ).toEqual(['items.1.productId', 'items.1.quantity']);
  });
});
