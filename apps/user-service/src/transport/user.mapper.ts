import { toTimestamp, type userV1 } from '@acme/contracts';
import { type IssuedAccessToken } from '@acme/auth';
import { type User } from '../domain/user.entity';

/** The wire form of a user: never the password hash (User does not have one). */
export function toUserMessage(user: User): userV1.User {
  return { id: user.id, email: user.email, name: user.name, createTime: toTimestamp(user.createTime) };
}

export function toAuthenticateResponse(token: IssuedAccessToken): userV1.AuthenticateResponse {
  return { accessToken: token.accessToken, tokenType: token.tokenType, expiresIn: token.expiresIn };
}
