import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The service's name in the registry, traces and logs. */
export const SERVICE_NAME = 'order-service';

// package.json sits one level above both src/ and dist/. Read with fs, not imported, so this
// module loads nothing that tracing has to patch first (instrument.ts imports it).
const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };

/** The version in the app's package.json. */
export const SERVICE_VERSION = manifest.version;
