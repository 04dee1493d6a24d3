import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '@acme/config';

/** `service.name` of the gateway in logs, metrics and traces. */
export const SERVICE_NAME = 'gateway';

/** The gateway's version, from its package.json (both in the workspace and in a built artifact). */
export const SERVICE_VERSION: string = (JSON.parse(readFileSync(join(packageRoot(__dirname), 'package.json'), 'utf8')) as { version: string }).version;
