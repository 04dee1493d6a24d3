export * from './generated/acme/product/v1/error_reason';
export * from './generated/acme/product/v1/product';
export * from './generated/acme/product/v1/product_service';

/** Fully qualified proto package of the product service. */
export const PACKAGE = 'acme.product.v1';
/** The .proto file that declares ProductService, relative to PROTO_DIR. */
export const SERVICE_PROTO = 'acme/product/v1/product_service.proto';

/** Most failures an ImportProductsResponse lists (the first by line); `failed_count` counts them all. */
export const IMPORT_FAILURES_LISTED = 1000;

/**
 * Collects import failures as they come, in any order, keeping only the `limit` with the lowest
 * line (sorted) and counting all of them: memory stays bounded whatever the input. Used on both
 * sides of ImportProducts (the product service's report, the gateway's merge with the lines it
 * refused itself). Hand-written: a sort and a truncation, simpler than a heap dependency.
 */
export class LowestLineFailures<F extends { readonly line: number }> {
  private kept: F[] = [];
  private total = 0;

  constructor(private readonly limit: number = IMPORT_FAILURES_LISTED) {}

  add(failure: F): void {
    this.total += 1;
    this.kept.push(failure);
    // Trimming at twice the limit keeps the work per failure constant on average.
    if (this.kept.length >= 2 * this.limit) this.trim();
  }

  /** Every failure added, listed or not. */
  get count(): number {
    return this.total;
  }

  /** The listed failures: at most `limit`, lowest lines first. */
  listed(): F[] {
    this.trim();
    return [...this.kept];
  }

  private trim(): void {
    this.kept.sort((a, b) => a.line - b.line);
    if (this.kept.length > this.limit) this.kept.length = this.limit;
  }
}
