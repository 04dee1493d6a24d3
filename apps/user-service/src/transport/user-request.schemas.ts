import { z } from 'zod';

const EMAIL_MAX = 254;
const NAME_MAX = 100;
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 128;

const email = z
  .string()
  .trim()
  .max(EMAIL_MAX, `must be at most ${EMAIL_MAX} characters`)
  .pipe(z.email('must be a valid email address'));

/** CreateUserRequest: email (format, <= 254), name (1..100 after trimming), password (8..128, kept verbatim). */
export const createUserRequestSchema = z.object({
  email,
  name: z.string().trim().min(1, 'is required').max(NAME_MAX, `must be at most ${NAME_MAX} characters`),
  password: z.string().min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`),
});

/** GetUserRequest: id must be a UUID, so a malformed id never reaches the database. */
export const getUserRequestSchema = z.object({
  id: z.uuid('must be a UUID'),
});

/**
 * AuthenticateRequest: only presence is checked. Format and length rules are not applied, so a
 * malformed email or an out-of-policy password fails as INVALID_CREDENTIALS, telling nothing.
 */
export const authenticateRequestSchema = z.object({
  email: z.string().trim().min(1, 'is required'),
  password: z.string().min(1, 'is required'),
});
