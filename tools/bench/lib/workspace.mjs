// Where things are, and which core runs what.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
export const ROOT = join(BENCH_DIR, '../..');

/** Servers share core 0; the load generator gets core 1 to itself (the machine has two). */
export const SERVER_CORE = 0;
export const LOAD_CORE = availableParallelism() >= 2 ? 1 : 0;

/** @typedef {'gateway' | 'user-service' | 'product-service' | 'order-service'} AppName */

/** The built entry point of an app (`npx nx build <app>` writes it), in this checkout or `root`. */
export function appMain(app, root = ROOT) {
  return join(root, 'apps', app, 'dist/main.js');
}

/** Whether an app has been built. */
export function isBuilt(app) {
  return existsSync(appMain(app));
}

export function benchScript(relative) {
  return join(BENCH_DIR, relative);
}
