import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { type FastifyRequest } from '../common/fastify.types';
import { AccessTokenVerifier } from '@acme/auth';
import { unauthenticated } from '../errors/edge-errors';
import { setAuthenticatedUser } from './authenticated-user';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Lets a request through only with a valid `Authorization: Bearer <access token>`, verified
 * locally with the user service's public key (no call per request). Failures are
 * UNAUTHENTICATED, answered 401 with `WWW-Authenticate: Bearer`.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(@Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    if (header === undefined || header === '') throw unauthenticated('an access token is required: send Authorization: Bearer <token>');
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) throw unauthenticated('the Authorization header must use the Bearer scheme');
    setAuthenticatedUser(request, await this.verifier.verify(token));
    return true;
  }
}
