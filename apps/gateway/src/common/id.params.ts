import { Injectable, Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import { validationFailed } from '../errors/edge-errors';

/**
 * `{id}` of a resource path: ids are UUIDs, so anything else is a 400 VALIDATION_FAILED with a
 * field error on `id`, not a 404. A pipe on the one string rather than a params DTO: the DTO
 * went through class-transformer and class-validator's metadata on every GET by id (~25 µs of
 * the gateway's CPU per request in `npm run bench`), for one regular expression.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !isUUID(value, 'all')) throw validationFailed([{ field: 'id', description: 'id must be a UUID' }]);
    return value;
  }
}

/** The route's `:id`, validated as a UUID. */
export const IdParam = (): ParameterDecorator => Param('id', ParseIdPipe);

/** Documents the route's `:id` (use with {@link IdParam}). */
export const ApiIdParam = (): MethodDecorator => ApiParam({ name: 'id', format: 'uuid', description: 'Resource id' });
