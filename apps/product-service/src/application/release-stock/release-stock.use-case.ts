import { Injectable } from '@nestjs/common';
import { type StockRequest } from '../../domain/reservation.entity';
import { ReservationRepository } from '../../domain/reservation.repository';

@Injectable()
export class ReleaseStockUseCase {
  constructor(private readonly reservations: ReservationRepository) {}

  /**
   * Returns the order's reserved stock and marks the reservation RELEASED. Idempotent: a
   * second call, or one for an order that never reserved, releases nothing and succeeds.
   */
  execute(orderId: string): Promise<StockRequest[]> {
    return this.reservations.release(orderId);
  }
}
