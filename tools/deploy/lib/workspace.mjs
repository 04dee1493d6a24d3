// Reads the npm workspace: the root manifest, the lockfile's installed versions and the
// workspace packages (libs and apps) by package name.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (two levels above tools/deploy/lib). */
export const workspaceRoot = new URL('../../..', import.meta.url).pathname.replace(/\/$/, '');

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Every workspace package as `name -> { dir, manifest }`, `dir` relative to the root.
 * The root manifest's globs are only `dir/*` or plain paths, which is all npm needs here.
 */
export function workspacePackages(root = workspaceRoot) {
  const { workspaces = [] } = readJson(join(root, 'package.json'));
  const dirs = workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`);
  });
  const packages = new Map();
  for (const dir of dirs) {
    const manifestFile = join(root, dir, 'package.json');
    if (!existsSync(manifestFile)) continue;
    const manifest = readJson(manifestFile);
    packages.set(manifest.name, { dir, manifest });
  }
  return packages;
}

/** The directory of an app by its Nx project name (`user-service` -> `apps/user-service`). */
export function appDir(app, root = workspaceRoot) {
  const dir = join('apps', app);
  if (!existsSync(join(root, dir, 'project.json'))) {
    throw new Error(`unknown app "${app}": no ${dir}/project.json`);
  }
  return dir;
}

/** The package name of a bare module specifier (`drizzle-orm/pglite` -> `drizzle-orm`). */
export function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
