import { type userV1 } from '@acme/contracts';
import { optionalRfc3339 } from '../common/timestamp.mapper';
import { type CreateUserRequest } from './dto/create-user.request';
import { type UserResponse } from './dto/user.response';

/** `POST /v1/users` body -> CreateUserRequest message. */
export function toCreateUserMessage(body: CreateUserRequest): userV1.CreateUserRequest {
  return { email: body.email, name: body.name, password: body.password };
}

/** User message -> JSON. */
export function toUserResponse(user: userV1.User): UserResponse {
  return { id: user.id, email: user.email, name: user.name, createTime: optionalRfc3339(user.createTime) };
}
