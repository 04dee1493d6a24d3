import { type FieldViolation } from '@acme/errors';
import { type ProductDraft } from './product.entity';

const SKU_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const NAME_MAX = 200;
const DESCRIPTION_MAX = 2000;
const INT32_MAX = 2_147_483_647;
// ICU's list of ISO 4217 codes, so "ABC" is refused even though it looks like a code.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/**
 * The rules every product obeys, for CreateProduct and for each ImportProducts line.
 * Field names are the camelCase ones of the REST API. Empty result = valid.
 */
export function validateProductDraft(draft: ProductDraft): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const violate = (field: string, description: string): void => void violations.push({ field, description });
  if (!SKU_PATTERN.test(draft.sku)) violate('sku', 'must be 1 to 64 characters of A-Z, a-z, 0-9, ".", "_" or "-"');
  if (draft.name.trim().length === 0) violate('name', 'must not be empty');
  else if (draft.name.length > NAME_MAX) violate('name', `must be at most ${NAME_MAX} characters`);
  if (draft.description.length > DESCRIPTION_MAX) violate('description', `must be at most ${DESCRIPTION_MAX} characters`);
  if (!Number.isSafeInteger(draft.priceCents) || draft.priceCents < 0) violate('priceCents', 'must be an integer >= 0 (minor units)');
  if (!/^[A-Z]{3}$/.test(draft.currency) || !CURRENCIES.has(draft.currency)) violate('currency', 'must be an ISO 4217 code in upper case ("USD")');
  if (!Number.isInteger(draft.stock) || draft.stock < 0 || draft.stock > INT32_MAX) violate('stock', 'must be an integer >= 0');
  return violations;
}
