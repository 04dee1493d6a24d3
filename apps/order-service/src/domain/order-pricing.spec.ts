import { status as GrpcStatus } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { priceOrder } from './order-pricing';

const items = [
  { productId: 'a', quantity: 2, unitPriceCents: null },
  { productId: 'b', quantity: 3, unitPriceCents: null },
];

describe('priceOrder', () => {
  it('prices each line and totals them in the one currency', () => {
    const pricing = priceOrder(items, [
      { productId: 'b', quantity: 3, unitPriceCents: 5, currency: 'EUR' },
      { productId: 'a', quantity: 2, unitPriceCents: 100, currency: 'EUR' },
    ]);
    expect(pricing).toEqual({
      items: [
        { productId: 'a', quantity: 2, unitPriceCents: 100 },
        { productId: 'b', quantity: 3, unitPriceCents: 5 },
      ],
      totalCents: 215,
      currency: 'EUR',
    });
  });

  it('refuses several currencies with CURRENCY_MISMATCH', () => {
    expect(() =>
      priceOrder(items, [
        { productId: 'a', quantity: 2, unitPriceCents: 100, currency: 'USD' },
        { productId: 'b', quantity: 3, unitPriceCents: 5, currency: 'EUR' },
      ]),
    ).toThrow(expect.objectContaining({ status: GrpcStatus.INVALID_ARGUMENT, reason: 'CURRENCY_MISMATCH', metadata: { currencies: 'EUR,USD' } }));
  });

  it('fails loudly when the reservation does not cover the order', () => {
    expect(() => priceOrder(items, [{ productId: 'a', quantity: 2, unitPriceCents: 100, currency: 'EUR' }])).toThrow(/product b/);
  });
});
