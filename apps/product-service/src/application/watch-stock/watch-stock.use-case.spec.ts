import { firstValueFrom, type Observable, Subject, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type Product } from '../../domain/product.entity';
import { StockChanges } from '../../domain/stock-changes.port';
import { type StockLevel } from '../../domain/stock-level.entity';
import { InMemoryProductRepository } from '../in-memory-product.repository.spec-helper';
import { WatchStockUseCase } from './watch-stock.use-case';

class SubjectStockChanges extends StockChanges {
  readonly subject = new Subject<StockLevel>();
  changes(): Observable<StockLevel> {
    return this.subject.asObservable();
  }
}

const at = new Date(0);

describe('WatchStockUseCase', () => {
  it('emits the current stock, then the changes of this product only, without repeats', async () => {
    const products = new InMemoryProductRepository();
    const product = (await products.create({ sku: 'W', name: 'n', description: '', priceCents: 1, currency: 'EUR', stock: 5 })) as Product;
    const changes = new SubjectStockChanges();
    const received = firstValueFrom(new WatchStockUseCase(products, changes).execute(product.id).pipe(take(3), toArray()));
    await Promise.resolve();
    changes.subject.next({ productId: 'another', stock: 1, updateTime: at });
    changes.subject.next({ productId: product.id, stock: 5, updateTime: at });
    changes.subject.next({ productId: product.id, stock: 4, updateTime: at });
    changes.subject.next({ productId: product.id, stock: 4, updateTime: at });
    changes.subject.next({ productId: product.id, stock: 6, updateTime: at });
    expect((await received).map((level) => level.stock)).toEqual([5, 4, 6]);
  });

  it('holds back changes that arrive while the current stock is being read', async () => {
    const products = new InMemoryProductRepository();
    const product = (await products.create({ sku: 'W', name: 'n', description: '', priceCents: 1, currency: 'EUR', stock: 5 })) as Product;
    const changes = new SubjectStockChanges();
    let finishRead: () => void = () => undefined;
    const findById = products.findById.bind(products);
    products.findById = async (id) => {
      await new Promise<void>((resolve) => (finishRead = resolve));
      return findById(id);
    };
    const received = firstValueFrom(new WatchStockUseCase(products, changes).execute(product.id).pipe(take(2), toArray()));
    changes.subject.next({ productId: product.id, stock: 3, updateTime: at });
    finishRead();
    expect((await received).map((level) => level.stock)).toEqual([5, 3]);
  });

  it('fails with PRODUCT_NOT_FOUND for an unknown product and lets go of the feed', async () => {
    const changes = new SubjectStockChanges();
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(firstValueFrom(new WatchStockUseCase(new InMemoryProductRepository(), changes).execute(missing))).rejects.toMatchObject({
      status: 5,
      reason: 'PRODUCT_NOT_FOUND',
    });
    expect(changes.subject.observed).toBe(false);
  });
});
