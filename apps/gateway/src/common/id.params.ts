import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import { validationFailed } from '../errors/edge-errors';
import { type FastifyRequest } from './fastify.types';

/**
 * `{id}` of a resource path: ids are UUIDs, so anything else is a 400 VALIDATION_FAILED with a
 * field error on `id`, not a 404.
 *
 * A param decorator that checks the value itself rather than `@Param('id', pipe)`: Nest hands a
 * param that no pipe runs on to the handler synchronously, while one with a pipe goes through
 * an async pipe chain (promises, a metadata object per pipe) on every request, which cost the
 * gateway ~4 µs of CPU per GET by id for one regular expression (A/B of the gateway alone
 * against a fixed-answer backend; see README, Performance).
 * (A params DTO cost ~25 µs: class-transformer and class-validator metadata.) This only holds
 * because DTO validation is per parameter (see ValidBody), not a global pipe.
 */
export const IdParam = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  parseId(context.switchToHttp().getRequest<FastifyRequest>().params),
);

function parseId(params: unknown): string {
  const id = (params as Record<string, unknown> | undefined)?.['id'];
  if (typeof id !== 'string' || !isUUID(id, 'all')) throw validationFailed([{ field: 'id', description: 'id must be a UUID' }]);
  return id;
}

/** Documents the route's `:id` (use with {@link IdParam}). */
export const ApiIdParam = (): MethodDecorator => ApiParam({ name: 'id', format: 'uuid', description: 'Resource id' });
