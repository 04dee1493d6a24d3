import { Inject, Injectable } from '@nestjs/common';
import { asc, eq, sql } from 'drizzle-orm';
import { DATABASE, type DatabaseHandle } from '@acme/database';
import { type Product, type ProductCursor, type ProductDraft } from '../domain/product.entity';
import { ProductRepository } from '../domain/product.repository';
import { products } from './schema';

@Injectable()
export class DrizzleProductRepository extends ProductRepository {
  // The hottest query of the system (every GET /v1/products/{id}), built once instead of on
  // every call: drizzle's query building cost more than the query itself on PGlite.
  private readonly byId;

  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {
    super();
    this.byId = handle.db.select().from(products).where(eq(products.id, sql.placeholder('id'))).prepare('product_by_id');
  }

  async create(draft: ProductDraft): Promise<Product | undefined> {
    // The unique index on sku decides, also between concurrent creates; no error parsing.
    const [row] = await this.handle.db.insert(products).values(draft).onConflictDoNothing({ target: products.sku }).returning();
    return row;
  }

  async findById(id: string): Promise<Product | undefined> {
    const [row] = await this.byId.execute({ id });
    return row;
  }

  list(limit: number, after?: ProductCursor): Promise<Product[]> {
    const afterCursor =
      after === undefined ? undefined : sql`(${products.createTime}, ${products.id}) > (${after.createTime.toISOString()}::timestamptz, ${after.id}::uuid)`;
    return this.handle.db.select().from(products).where(afterCursor).orderBy(asc(products.createTime), asc(products.id)).limit(limit);
  }

  async insertMany(drafts: readonly ProductDraft[]): Promise<Set<string>> {
    if (drafts.length === 0) return new Set();
    const rows = await this.handle.db
      .insert(products)
      .values([...drafts])
      .onConflictDoNothing({ target: products.sku })
      .returning({ sku: products.sku });
    return new Set(rows.map((row) => row.sku));
  }
}
