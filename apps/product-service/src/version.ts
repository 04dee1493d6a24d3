import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** This app's version from its package.json, which sits one level above both src/ and dist/. */
export const APP_VERSION = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
