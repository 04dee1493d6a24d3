import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The nearest directory at or above `fromDir` holding a package.json: an app's root both in
 * the workspace (from src/) and in a built artifact (from dist/), for locating files shipped
 * beside the code such as migrations.
 *
 * @example packageRoot(__dirname) // .../apps/product-service
 */
export function packageRoot(fromDir: string): string {
  let dir = fromDir;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fromDir}`);
    dir = parent;
  }
  return dir;
}
