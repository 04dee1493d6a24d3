import { Injectable } from '@nestjs/common';
import { distinctUntilChanged, filter, Observable } from 'rxjs';
import { productNotFound } from '../../domain/product.errors';
import { ProductRepository } from '../../domain/product.repository';
import { StockChanges } from '../../domain/stock-changes.port';
import { type StockLevel } from '../../domain/stock-level.entity';

@Injectable()
export class WatchStockUseCase {
  constructor(
    private readonly products: ProductRepository,
    private readonly stockChanges: StockChanges,
  ) {}

  /**
   * The product's current stock, then every committed change, until unsubscribed. Errors
   * with PRODUCT_NOT_FOUND when there is no such product.
   *
   * Changes are subscribed to before the current stock is read, and those arriving during
   * the read are held back until it is emitted, so no change is lost in between. A change the
   * read already includes may follow it once more: notifications arrive in commit order, so
   * the last value emitted is always the true stock, and repeats of a value are dropped.
   */
  execute(productId: string): Observable<StockLevel> {
    const changes = this.stockChanges.changes().pipe(filter((level) => level.productId === productId));
    return new Observable<StockLevel>((subscriber) => {
      let heldBack: StockLevel[] | undefined = [];
      const subscription = changes.subscribe({
        next: (level) => (heldBack === undefined ? subscriber.next(level) : heldBack.push(level)),
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      this.products.findById(productId).then(
        (product) => {
          if (product === undefined) return subscriber.error(productNotFound(productId));
          subscriber.next({ productId, stock: product.stock, updateTime: product.updateTime });
          const early = heldBack ?? [];
          heldBack = undefined;
          for (const level of early) subscriber.next(level);
        },
        (error: unknown) => subscriber.error(error),
      );
      return subscription;
    }).pipe(distinctUntilChanged((previous, current) => previous.stock === current.stock));
  }
}
