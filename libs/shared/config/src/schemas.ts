import { z } from 'zod';

/** A TCP port from an env string; 0 asks the OS for a free one. */
export const port = z.coerce.number().int().min(0).max(65_535);

/** "true"/"false"/"1"/"0" from an env string. */
export const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** A positive duration in milliseconds from an env string. */
export const durationMs = z.coerce.number().int().positive();

/** pino log levels. */
export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** A host:port gRPC target, or a grpc-js target URI (dns:///, consul:///, static:///). */
export const grpcTarget = z.string().min(1);
