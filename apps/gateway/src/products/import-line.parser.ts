import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { type productV1 } from '@acme/contracts';
import { EdgeReason } from '../errors/edge-errors';
import { fieldViolationsOf } from '../validation/field-violations';
import { CreateProductRequest } from './dto/create-product.request';
import { type ImportFailureResponse } from './dto/import-failure.response';
import { toCreateProductMessage } from './product.mapper';

/** A parsed NDJSON line: the message to send, or why the line was refused. */
export type ParsedImportLine = { readonly message: productV1.ImportProductsRequest } | { readonly failure: ImportFailureResponse };

/**
 * One line of an import body, checked here rather than by the product service because only
 * a JSON object with the right types can be encoded as a CreateProductRequest at all: a line
 * that is not a JSON object is MALFORMED_BODY, one with wrong or missing fields is
 * VALIDATION_FAILED with the same rules as `POST /v1/products`.
 */
export function parseImportLine(text: string, line: number): ParsedImportLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { failure: { line, code: EdgeReason.MALFORMED_BODY, message: `line ${line} is not valid JSON` } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { failure: { line, code: EdgeReason.MALFORMED_BODY, message: `line ${line} is not a JSON object` } };
  }
  const product = plainToInstance(CreateProductRequest, value, { enableImplicitConversion: false });
  const errors = validateSync(product, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (errors.length > 0) {
    const message = fieldViolationsOf(errors)
      .map(({ field, description }) => `${field}: ${description}`)
      .join('; ');
    return { failure: { line, code: EdgeReason.VALIDATION_FAILED, message } };
  }
  return { message: { line, product: toCreateProductMessage(product) } };
}
