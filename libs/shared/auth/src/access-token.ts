/** `iss` of every access token: the user service issues them. */
export const ACCESS_TOKEN_ISSUER = 'user.acme.dev';

/** `aud` of every access token: the whole acme API. */
export const ACCESS_TOKEN_AUDIENCE = 'acme';

/** Who a verified access token speaks for. */
export interface AccessTokenSubject {
  /** The user's id (`sub`). */
  readonly userId: string;
  readonly email: string;
}

/** An issued token as AuthenticateResponse and `POST /v1/auth/token` return it. */
export interface IssuedAccessToken {
  /** Compact JWS. */
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Lifetime in seconds. */
  readonly expiresIn: number;
}
