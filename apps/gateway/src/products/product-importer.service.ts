import { type Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { Inject, Injectable } from '@nestjs/common';
import { productV1 } from '@acme/contracts';
import { PRODUCT_CLIENT, type ProductClient } from '../clients/backend-clients';
import { clientCancelled } from '../errors/edge-errors';
import { type ImportFailureResponse } from './dto/import-failure.response';
import { type ImportResultResponse } from './dto/import-result.response';
import { parseImportLine } from './import-line.parser';
import { toImportFailure } from './product.mapper';

/** Longest an import may stream for: far beyond a 100 MB body, but never unbounded. */
export const IMPORT_TIMEOUT_MS = 60 * 60 * 1000;

/**
 * Streams an NDJSON body into ProductService.ImportProducts line by line: readline pulls
 * lines only as fast as the gRPC client writes them (which waits for HTTP/2 flow control), so
 * the body is never held in memory whatever its size. Lines refused locally and failures the
 * service reports come back together: the first IMPORT_FAILURES_LISTED by line, and how many
 * failed in all (an upload of bad lines cannot grow the answer or the memory behind it).
 */
@Injectable()
export class ProductImporter {
  constructor(@Inject(PRODUCT_CLIENT) private readonly products: ProductClient) {}

  async import(body: Readable): Promise<ImportResultResponse> {
    const refused = new productV1.LowestLineFailures<ImportFailureResponse>();
    const result = await this.products.importProducts(messagesOf(body, refused), { timeoutMs: IMPORT_TIMEOUT_MS }).catch((error: unknown) => {
      // The upload broke off (the client went away): nobody waits for an answer, nothing failed.
      if (body.readableAborted) throw clientCancelled('the client aborted the upload');
      throw error;
    });
    // Each side kept its lowest lines, so the lowest of both together are among them.
    const failed = [...refused.listed(), ...result.failed.map(toImportFailure)].sort((a, b) => a.line - b.line).slice(0, productV1.IMPORT_FAILURES_LISTED);
    return { created: result.created, failed, failedCount: refused.count + result.failedCount };
  }
}

async function* messagesOf(body: Readable, refused: productV1.LowestLineFailures<ImportFailureResponse>): AsyncGenerator<productV1.ImportProductsRequest> {
  const lines = createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      // Blank lines (a trailing newline, spacing) carry no product.
      if (text.trim() === '') continue;
      const parsed = parseImportLine(text, line);
      if ('failure' in parsed) refused.add(parsed.failure);
      else yield parsed.message;
    }
  } finally {
    lines.close();
  }
}
