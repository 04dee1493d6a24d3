import { describe, expect, it } from 'vitest';
import { type Reservation, type StockRequest } from '../../domain/reservation.entity';
import { ReservationRepository, type ReserveOutcome } from '../../domain/reservation.repository';
import { ReserveStockUseCase } from './reserve-stock.use-case';

/** Answers reserve() with a stored reservation, or reserves what it is asked for. */
class ScriptedReservations extends ReservationRepository {
  readonly requests: StockRequest[][] = [];
  constructor(private readonly stored?: Reservation) {
    super();
  }
  async reserve(orderId: string, items: readonly StockRequest[]): Promise<ReserveOutcome> {
    this.requests.push([...items]);
    if (this.stored) return { kind: 'existing', reservation: this.stored };
    return { kind: 'reserved', reservation: { orderId, status: 'RESERVED', items: items.map((item) => ({ ...item, unitPriceCents: 100, currency: 'EUR' })) } };
  }
  async release(): Promise<StockRequest[]> {
    return [];
  }
}

const [a, b] = ['aaaaaaaa-0000-4000-8000-000000000000', 'bbbbbbbb-0000-4000-8000-000000000000'];
const stored = (status: Reservation['status']): Reservation => ({
  orderId: 'o-1',
  status,
  items: [
    { productId: a, quantity: 3, unitPriceCents: 100, currency: 'EUR' },
    { productId: b, quantity: 1, unitPriceCents: 250, currency: 'EUR' },
  ],
});

describe('ReserveStockUseCase', () => {
  it('merges items naming the same product before reserving', async () => {
    const reservations = new ScriptedReservations();
    const reservation = await new ReserveStockUseCase(reservations).execute('o-1', [
      { productId: a, quantity: 1 },
      { productId: b, quantity: 1 },
      { productId: a, quantity: 2 },
    ]);
    expect(reservations.requests).toEqual([
      [
        { productId: a, quantity: 3 },
        { productId: b, quantity: 1 },
      ],
    ]);
    expect(reservation.items.map(({ productId, quantity }) => ({ productId, quantity }))).toEqual(reservations.requests[0]);
  });

  it('returns the stored reservation for the same items in any order or split', async () => {
    const useCase = new ReserveStockUseCase(new ScriptedReservations(stored('RESERVED')));
    const again = await useCase.execute('o-1', [
      { productId: b, quantity: 1 },
      { productId: a, quantity: 1 },
      { productId: a, quantity: 2 },
    ]);
    expect(again).toEqual(stored('RESERVED'));
  });

  it.each([
    ['another quantity', [{ productId: a, quantity: 2 }, { productId: b, quantity: 1 }]],
    ['fewer products', [{ productId: a, quantity: 3 }]],
    ['another product', [{ productId: a, quantity: 3 }, { productId: 'cccccccc-0000-4000-8000-000000000000', quantity: 1 }]],
  ])('refuses %s for the same order id with ALREADY_EXISTS RESERVATION_CONFLICT', async (_case, items) => {
    const useCase = new ReserveStockUseCase(new ScriptedReservations(stored('RESERVED')));
    await expect(useCase.execute('o-1', items)).rejects.toMatchObject({
      status: 6,
      reason: 'RESERVATION_CONFLICT',
      metadata: { order_id: 'o-1', reservation_status: 'RESERVED' },
    });
  });

  it('never reserves a released order again, even with the same items', async () => {
    const useCase = new ReserveStockUseCase(new ScriptedReservations(stored('RELEASED')));
    await expect(useCase.execute('o-1', stored('RELEASED').items)).rejects.toMatchObject({
      status: 6,
      reason: 'RESERVATION_CONFLICT',
      metadata: { order_id: 'o-1', reservation_status: 'RELEASED' },
    });
  });

  it('refuses merged quantities beyond int32', async () => {
    const useCase = new ReserveStockUseCase(new ScriptedReservations());
    await expect(useCase.execute('o-1', [{ productId: a, quantity: 2_000_000_000 }, { productId: a, quantity: 2_000_000_000 }])).rejects.toMatchObject({
      reason: 'VALIDATION_FAILED',
    });
  });
});
