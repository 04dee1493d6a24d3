/**
 * Fields that never reach a log line: credentials in HTTP headers, and passwords and tokens at
 * the top of a log object or up to two levels into it (`{ input: { password } }`, `{ req: {
 * body: { token } } }`). pino's wildcards match one level each, hence the explicit depths.
 */
const SECRET_KEYS = ['password', 'passwords', 'token', 'accessToken', 'access_token', 'refreshToken', 'refresh_token', 'authorization', 'cookie'];

export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';
