import { randomUUID } from 'node:crypto';
import { type Product, type ProductCursor, type ProductDraft } from '../domain/product.entity';
import { ProductRepository } from '../domain/product.repository';

/** ProductRepository over a Map, for use-case specs (the drizzle one has its own specs). */
export class InMemoryProductRepository extends ProductRepository {
  readonly rows: Product[] = [];
  /** Sizes of the insertMany calls, to observe batching. */
  readonly batches: number[] = [];
  private clock = Date.UTC(2026, 0, 1);

  async create(draft: ProductDraft): Promise<Product | undefined> {
    if (this.rows.some((row) => row.sku === draft.sku)) return undefined;
    const now = new Date(this.clock++);
    const product = { ...draft, id: randomUUID(), createTime: now, updateTime: now };
    this.rows.push(product);
    return product;
  }

  async findById(id: string): Promise<Product | undefined> {
    return this.rows.find((row) => row.id === id);
  }

  async list(limit: number, after?: ProductCursor): Promise<Product[]> {
    const key = (p: ProductCursor): string => `${p.createTime.toISOString()}|${p.id}`;
    return this.rows
      .filter((row) => after === undefined || key(row) > key(after))
      .sort((a, b) => (key(a) < key(b) ? -1 : 1))
      .slice(0, limit);
  }

  async insertMany(drafts: readonly ProductDraft[]): Promise<Set<string>> {
    this.batches.push(drafts.length);
    const inserted = new Set<string>();
    for (const draft of drafts) if ((await this.create(draft)) !== undefined) inserted.add(draft.sku);
    return inserted;
  }
}
