import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { BearerAuthGuard } from './bearer-auth.guard';

/** The route needs a bearer access token (guard and OpenAPI security together). */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseGuards(BearerAuthGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, malformed or expired access token (UNAUTHENTICATED)' }),
  );
