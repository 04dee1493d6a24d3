import { type ValidationError } from 'class-validator';
import { type FieldViolation } from '@acme/errors';

/**
 * class-validator errors as google.rpc.BadRequest field violations, one per field, with
 * dot-separated paths into nested objects and arrays ("items.0.quantity"), as the services
 * report them.
 */
export function fieldViolationsOf(errors: readonly ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : error.property === '' ? parent : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {});
    const violations: FieldViolation[] = own.length === 0 ? [] : [{ field: field === '' ? 'body' : field, description: own.join('; ') }];
    return [...violations, ...fieldViolationsOf(error.children ?? [], field)];
  });
}
