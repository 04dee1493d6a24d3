#!/usr/bin/env node
// Packages one built app as a self-contained directory that `npm ci --omit=dev` turns into a
// runnable service, with no workspace around it (the Docker image does exactly that):
//
//   <outDir>/package.json        the app's production dependencies only (root versions)
//   <outDir>/package-lock.json   pruned from the root lockfile, so versions match the tests
//   <outDir>/dist/               the app's compiled code
//   <outDir>/migrations/         its SQL migrations, when it has any
//   <outDir>/healthcheck.mjs     the container health probe (tools/deploy/healthcheck.mjs)
//   <outDir>/<lib dir>/          each workspace lib it uses, as a real package (dist/ and
//                                package.json; libs/contracts with proto/ dereferenced),
//                                installed by npm as a `file:` dependency
//
// Usage: node tools/deploy/package-app.mjs <app> <outDir>   (after `npx nx build <app>`)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { dependencyClosure } from './lib/dependency-closure.mjs';
import { appDir as findAppDir, readJson, workspacePackages, workspaceRoot } from './lib/workspace.mjs';

// Type declarations and build info are for compilers, not for the running service.
const SHIPPED = (source) => !/\.d\.ts(\.map)?$|\.tsbuildinfo$/.test(source);

/**
 * Writes the artifact of `app` into `outDir` (emptied first) and returns what it contains.
 *
 * @param {{ app: string, outDir: string, root?: string, npm?: string }} options
 * @returns {{ outDir: string, libs: string[], dependencies: Record<string, string> }}
 */
export function packageApp({ app, outDir, root = workspaceRoot, npm = 'npm' }) {
  const appDir = findAppDir(app, root);
  const rootManifest = readJson(join(root, 'package.json'));
  const workspace = workspacePackages(root);
  const { libs, dependencies } = dependencyClosure({
    root,
    appDir,
    workspace,
    rootDependencies: rootManifest.dependencies ?? {},
  });

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  copyPackageFiles(join(root, appDir), outDir);
  cpSync(new URL('./healthcheck.mjs', import.meta.url), join(outDir, 'healthcheck.mjs'));

  // The libs' own third-party imports are in `dependencies` above, installed at the artifact's
  // root: npm links a `file:` lib into node_modules, and Node resolves the lib's requires from
  // its real path (<outDir>/libs/...), whose parent chain reaches <outDir>/node_modules.
  const libDependencies = {};
  for (const name of libs) {
    const { dir, manifest } = workspace.get(name);
    copyPackageFiles(join(root, dir), join(outDir, dir));
    writeJson(join(outDir, dir, 'package.json'), runtimeManifest(manifest));
    libDependencies[name] = `file:${dir}`;
  }

  const appManifest = readJson(join(root, appDir, 'package.json'));
  writeJson(join(outDir, 'package.json'), {
    ...runtimeManifest(appManifest),
    engines: rootManifest.engines,
    scripts: { start: `node ${appManifest.main ?? 'dist/main.js'}` },
    dependencies: { ...dependencies, ...libDependencies },
    overrides: productionOverrides(rootManifest.overrides, dependencies),
  });
  lockDependencies({ root, outDir, npm });
  return { outDir, libs, dependencies };
}

function copyPackageFiles(from, to) {
  mkdirSync(to, { recursive: true });
  cpSync(join(from, 'dist'), join(to, 'dist'), { recursive: true, filter: SHIPPED });
  for (const extra of ['migrations', 'proto']) {
    // `dereference` turns libs/contracts/proto (a link to the workspace's proto/) into a copy.
    if (existsSync(join(from, extra))) cpSync(join(from, extra), join(to, extra), { recursive: true, dereference: true });
  }
}

// Only what Node needs to load the package; workspace-only fields (nx, scripts) stay behind.
function runtimeManifest({ name, version, main, type }) {
  return Object.fromEntries(Object.entries({ name, version, private: true, type, main }).filter(([, v]) => v !== undefined));
}

// Root overrides pin build tooling (nx, rollup); only those naming a shipped package apply.
function productionOverrides(overrides = {}, dependencies) {
  const kept = Object.entries(overrides).filter(([name]) => name in dependencies);
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

// Seeding npm with the root lockfile keeps every version the workspace was tested with;
// `--package-lock-only` then prunes it to this package's tree without installing anything.
function lockDependencies({ root, outDir, npm }) {
  cpSync(join(root, 'package-lock.json'), join(outDir, 'package-lock.json'));
  writeFileSync(join(outDir, '.npmrc'), 'fund=false\naudit=false\nupdate-notifier=false\n');
  execFileSync(npm, ['install', '--package-lock-only', '--prefer-offline', '--ignore-scripts', '--no-workspaces'], {
    cwd: outDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === new URL(import.meta.url).pathname;
if (isMain) {
  const [app, out] = process.argv.slice(2);
  if (app === undefined || out === undefined) {
    console.error('usage: node tools/deploy/package-app.mjs <app> <outDir>');
    process.exit(2);
  }
  const outDir = isAbsolute(out) ? out : resolve(process.cwd(), out);
  const { libs, dependencies } = packageApp({ app, outDir });
  const lock = JSON.parse(readFileSync(join(outDir, 'package-lock.json'), 'utf8'));
  console.log(
    `${app} -> ${outDir}: ${libs.length} workspace libs, ${Object.keys(dependencies).length} dependencies, ` +
      `${Object.keys(lock.packages).length - 1} locked packages`,
  );
}
