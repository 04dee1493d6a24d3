import { type AccessTokenSubject } from '@acme/auth';

/** The caller a verified bearer token speaks for. */
export type AuthenticatedUser = AccessTokenSubject;

// Kept beside the request rather than as a property on it: Fastify requests have a fixed
// shape (decorateRequest), and nothing else should be able to set this.
const users = new WeakMap<object, AuthenticatedUser>();

/** Records the verified caller of a request (the bearer guard does). */
export function setAuthenticatedUser(request: object, user: AuthenticatedUser): void {
  users.set(request, user);
}

/** The verified caller of a request, if its route is authenticated. */
export function authenticatedUserOf(request: object): AuthenticatedUser | undefined {
  return users.get(request);
}
