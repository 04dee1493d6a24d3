import { join, resolve } from 'node:path';

/**
 * Root of the .proto files (the workspace's proto/ through the package's `proto` link; a copy
 * of it in a built artifact). The services load exactly these files: one copy, no drift.
 * The package root is one level above both src/ and dist/, so this holds in tests and builds.
 */
export const PROTO_DIR = resolve(__dirname, '..', 'proto');

/**
 * Absolute path of a .proto file below PROTO_DIR.
 *
 * @example protoPath(userV1.SERVICE_PROTO) // .../proto/acme/user/v1/user_service.proto
 */
export function protoPath(relativePath: string): string {
  return join(PROTO_DIR, relativePath);
}
