import { type Provider } from '@nestjs/common';
import { AccessTokenVerifier, loadVerificationKey } from '@acme/auth';
import { APP_CONFIG, type AppConfig } from '../config';
import { GATEWAY_DOMAIN } from '../errors/edge-errors';

/**
 * The verifier of access tokens, with the key loaded once at boot: JWT_PUBLIC_KEY, else
 * JWT_PUBLIC_KEY_FILE, else the development pair in JWT_KEY_DIR (created if missing, so a
 * gateway started before the user service agrees with it).
 */
export const accessTokenVerifierProvider: Provider = {
  provide: AccessTokenVerifier,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig): Promise<AccessTokenVerifier> =>
    new AccessTokenVerifier(
      await loadVerificationKey({ publicKeyPem: config.JWT_PUBLIC_KEY, publicKeyFile: config.JWT_PUBLIC_KEY_FILE, keyDir: config.JWT_KEY_DIR }),
      { domain: GATEWAY_DOMAIN },
    ),
};
