import { join } from 'node:path';
import { packageRoot } from '@acme/config';

/** drizzle-kit migrations, shipped at the package root beside dist/ (found from src/ in tests too). */
export const MIGRATIONS_FOLDER = join(packageRoot(__dirname), 'migrations');
