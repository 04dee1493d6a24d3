import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type FastifyRequest } from '../common/fastify.types';
import { unauthenticated } from '../errors/edge-errors';
import { type AuthenticatedUser, authenticatedUserOf } from './authenticated-user';

/** The verified caller of an `@Authenticated()` route. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const user = authenticatedUserOf(context.switchToHttp().getRequest<FastifyRequest>());
  // Only reachable on a route that forgot @Authenticated(): refuse rather than act as nobody.
  if (user === undefined) throw unauthenticated('an access token is required');
  return user;
});
