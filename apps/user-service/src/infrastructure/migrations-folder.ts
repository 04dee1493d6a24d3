import { join } from 'node:path';
import { packageRoot } from '@acme/config';

/** drizzle-kit migrations of the user service, beside package.json in the workspace and in builds. */
export const MIGRATIONS_FOLDER = join(packageRoot(__dirname), 'migrations');
