import { Injectable } from '@nestjs/common';
import { reservationConflict, validationFailed } from '../../domain/product.errors';
import { type Reservation, type StockRequest } from '../../domain/reservation.entity';
import { ReservationRepository } from '../../domain/reservation.repository';

const INT32_MAX = 2_147_483_647;

@Injectable()
export class ReserveStockUseCase {
  constructor(private readonly reservations: ReservationRepository) {}

  /**
   * Reserves every item or none. Items naming the same product are merged (quantities
   * summed), so the reservation holds one item per product. Idempotent per order id: the
   * same items again return the stored reservation (at its original prices) without taking
   * stock; other items, or a reservation already released, fail with RESERVATION_CONFLICT.
   */
  async execute(orderId: string, items: readonly StockRequest[]): Promise<Reservation> {
    const requested = mergeByProduct(items);
    const outcome = await this.reservations.reserve(orderId, requested);
    switch (outcome.kind) {
      case 'reserved':
        return outcome.reservation;
      case 'existing': {
        const { reservation } = outcome;
        if (reservation.status === 'RELEASED') throw reservationConflict(orderId, 'RELEASED');
        if (!sameItems(reservation.items, requested)) throw reservationConflict(orderId, 'RESERVED');
        return reservation;
      }
      default: {
        const unknown: never = outcome;
        throw new Error(`unhandled reserve outcome ${JSON.stringify(unknown)}`);
      }
    }
  }
}

function mergeByProduct(items: readonly StockRequest[]): StockRequest[] {
  const quantities = new Map<string, number>();
  for (const { productId, quantity } of items) quantities.set(productId, (quantities.get(productId) ?? 0) + quantity);
  const merged = [...quantities].map(([productId, quantity]) => ({ productId, quantity }));
  const tooLarge = merged.find(({ quantity }) => quantity > INT32_MAX);
  if (tooLarge !== undefined) {
    throw validationFailed([{ field: 'items', description: `the quantities of product ${tooLarge.productId} add up to more than ${INT32_MAX}` }]);
  }
  return merged;
}

function sameItems(stored: readonly StockRequest[], requested: readonly StockRequest[]): boolean {
  if (stored.length !== requested.length) return false;
  const quantities = new Map(stored.map(({ productId, quantity }) => [productId, quantity]));
  return requested.every(({ productId, quantity }) => quantities.get(productId) === quantity);
}
