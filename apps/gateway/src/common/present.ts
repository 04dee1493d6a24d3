import { contractViolation } from '../errors/edge-errors';

/**
 * A message field proto3 makes optional but the contract promises (`CreateUserResponse.user`).
 * Its absence is the backend's bug: a 500, not a response with holes.
 */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw contractViolation(`the backend response has no ${what}`);
  return value;
}
