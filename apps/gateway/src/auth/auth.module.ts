import { Module } from '@nestjs/common';
import { AccessTokenVerifier } from '@acme/auth';
import { accessTokenVerifierProvider } from './access-token-verifier.provider';
import { AuthController } from './auth.controller';
import { BearerAuthGuard } from './bearer-auth.guard';

/** Token issuing (through the user service) and local verification for `@Authenticated()` routes. */
@Module({
  controllers: [AuthController],
  providers: [accessTokenVerifierProvider, BearerAuthGuard],
  exports: [AccessTokenVerifier, BearerAuthGuard],
})
export class AuthModule {}
