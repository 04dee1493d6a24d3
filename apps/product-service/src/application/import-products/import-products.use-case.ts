import { Inject, Injectable } from '@nestjs/common';
import { productV1 } from '@acme/contracts';
import { type ProductDraft } from '../../domain/product.entity';
import { validateProductDraft } from '../../domain/product-draft.validator';
import { ProductReason } from '../../domain/product.errors';
import { ProductRepository } from '../../domain/product.repository';

/** Injection token of the number of products inserted per statement. */
export const IMPORT_BATCH_SIZE = Symbol('PRODUCT:IMPORT_BATCH_SIZE');

/** One product of an import; `draft` is undefined when the line carried none. */
export interface ImportLine {
  readonly line: number;
  readonly draft: ProductDraft | undefined;
}

export interface ImportFailure {
  readonly line: number;
  /** The reason, as in google.rpc.ErrorInfo (VALIDATION_FAILED, SKU_ALREADY_EXISTS). */
  readonly code: string;
  readonly message: string;
}

export interface ImportReport {
  readonly created: number;
  /** The first failures by line (IMPORT_FAILURES_LISTED at most), ordered by line. */
  readonly failed: ImportFailure[];
  /** Every failed line, listed or not. */
  readonly failedCount: number;
}

interface PendingRow {
  readonly line: number;
  readonly draft: ProductDraft;
}

@Injectable()
export class ImportProductsUseCase {
  constructor(
    private readonly products: ProductRepository,
    @Inject(IMPORT_BATCH_SIZE) private readonly batchSize: number,
  ) {}

  /**
   * Creates the products of a stream of lines, inserting a batch at a time so that memory
   * holds one batch, not the input: the next line is pulled only after the batch before it
   * is stored, which is what lets a streaming source apply backpressure. Lines that fail
   * validation or whose sku is taken (by an existing product or an earlier line) are
   * reported (the first IMPORT_FAILURES_LISTED by line, and how many in all, so that an input of
   * bad lines cannot grow the report without bound); the others are created. Not atomic: stored
   * batches stay if a later one fails.
   */
  async execute(lines: AsyncIterable<ImportLine>): Promise<ImportReport> {
    const failed = new productV1.LowestLineFailures<ImportFailure>();
    let created = 0;
    // sku -> line of the row holding it in the current batch.
    let batch = new Map<string, PendingRow>();
    const flush = async (): Promise<void> => {
      const rows = [...batch.values()];
      batch = new Map();
      const inserted = await this.products.insertMany(rows.map((row) => row.draft));
      for (const { line, draft } of rows) {
        if (inserted.has(draft.sku)) created++;
        else failed.add({ line, code: ProductReason.SKU_ALREADY_EXISTS, message: `a product with sku "${draft.sku}" already exists` });
      }
    };
    for await (const { line, draft } of lines) {
      if (draft === undefined) {
        failed.add({ line, code: ProductReason.VALIDATION_FAILED, message: 'product is required' });
        continue;
      }
      const violations = validateProductDraft(draft);
      if (violations.length > 0) {
        const message = violations.map(({ field, description }) => `${field} ${description}`).join('; ');
        failed.add({ line, code: ProductReason.VALIDATION_FAILED, message });
        continue;
      }
      // Checked here because one insert cannot tell which of two equal skus it skipped;
      // duplicates across batches are caught by the unique index like any taken sku.
      const earlier = batch.get(draft.sku);
      if (earlier !== undefined) {
        failed.add({ line, code: ProductReason.SKU_ALREADY_EXISTS, message: `sku "${draft.sku}" is already used on line ${earlier.line}` });
        continue;
      }
      batch.set(draft.sku, { line, draft });
      if (batch.size >= this.batchSize) await flush();
    }
    if (batch.size > 0) await flush();
    return { created, failed: failed.listed(), failedCount: failed.count };
  }
}
