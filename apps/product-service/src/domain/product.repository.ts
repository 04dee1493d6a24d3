import { type Product, type ProductCursor, type ProductDraft } from './product.entity';

/** Persistence of products (port; the drizzle adapter lives in infrastructure/). */
export abstract class ProductRepository {
  /** Stores a new product; undefined when another product already has its sku. */
  abstract create(draft: ProductDraft): Promise<Product | undefined>;

  abstract findById(id: string): Promise<Product | undefined>;

  /** Up to `limit` products ordered by (createTime, id), starting after `after`. */
  abstract list(limit: number, after?: ProductCursor): Promise<Product[]>;

  /**
   * Inserts valid drafts with distinct skus in one statement, skipping those whose sku is
   * taken. Returns the skus that were inserted.
   */
  abstract insertMany(drafts: readonly ProductDraft[]): Promise<Set<string>>;
}
