// A second build of the workspace at another commit, for `--compare <ref>`: a detached git
// worktree whose node_modules are this checkout's (linked entry by entry, so nothing is
// installed), except the workspace's own packages, which must resolve to the worktree's code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './workspace.mjs';

/** @typedef {{ ref: string, sha: string, root: string, subject: string, lockfileDiffers: boolean }} Worktree */

function git(args, cwd = ROOT) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout.trim();
}

/** The commit `ref` names, and its subject line; throws with git's message when it names none. */
export function resolveRef(ref) {
  const sha = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return { sha, subject: git(['log', '-1', '--format=%s', sha]) };
}

/**
 * Checks `ref` out under `parentDir`, links node_modules and builds the gateway there
 * (`nx build gateway`, which builds the libraries it depends on first).
 * @param {string} ref
 * @param {string} parentDir
 * @param {(line: string) => void} log
 * @returns {Worktree}
 */
export function prepareWorktree(ref, parentDir, log) {
  const { sha, subject } = resolveRef(ref);
  const root = join(parentDir, `compare-${sha.slice(0, 12)}`);
  // A worktree left by an interrupted run is gone with its temporary directory: forget it.
  git(['worktree', 'prune']);
  log(`checking out ${ref} (${sha.slice(0, 12)} ${subject}) in ${root}`);
  git(['worktree', 'add', '--detach', '--force', root, sha]);
  linkNodeModules(root);
  log(`building the gateway of ${sha.slice(0, 12)} (nx build gateway)`);
  const build = spawnSync(join(ROOT, 'node_modules/.bin/nx'), ['build', 'gateway', '--output-style=stream', '--skip-nx-cache'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (build.status !== 0 || !existsSync(join(root, 'apps/gateway/dist/main.js'))) {
    throw new Error(`the gateway of ${ref} did not build (exit ${build.status}):\n${`${build.stdout}${build.stderr}`.slice(-4000)}`);
  }
  const lockfile = (dir) => readFileSync(join(dir, 'package-lock.json'), 'utf8');
  return { ref, sha, root, subject, lockfileDiffers: lockfile(root) !== lockfile(ROOT) };
}

/** Removes the worktree and git's record of it. */
export function removeWorktree(worktree) {
  if (!worktree) return;
  spawnSync('git', ['worktree', 'remove', '--force', worktree.root], { cwd: ROOT });
  spawnSync('git', ['worktree', 'prune'], { cwd: ROOT });
}

/**
 * node_modules of the worktree: a link to each of this checkout's packages, and for the
 * workspace's own packages (npm links them into node_modules from the `workspaces` globs) links
 * to the worktree's folders, found from the worktree's own package.json files.
 */
function linkNodeModules(root) {
  const target = join(root, 'node_modules');
  mkdirSync(target, { recursive: true });
  const own = workspacePackages(root);
  const scopes = new Set(own.map(({ name }) => name.split('/')[0]).filter((part) => part.startsWith('@')));
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (scopes.has(entry)) continue;
    symlinkSync(join(ROOT, 'node_modules', entry), join(target, entry));
  }
  for (const scope of scopes) {
    mkdirSync(join(target, scope), { recursive: true });
    // Packages of the scope that are not the workspace's own (none today) stay this checkout's.
    const ownNames = new Set(own.filter(({ name }) => name.startsWith(`${scope}/`)).map(({ name }) => name.slice(scope.length + 1)));
    for (const entry of readdirSync(join(ROOT, 'node_modules', scope))) {
      if (!ownNames.has(entry)) symlinkSync(join(ROOT, 'node_modules', scope, entry), join(target, scope, entry));
    }
  }
  for (const { name, dir } of own) {
    const link = join(target, name);
    symlinkSync(relative(join(link, '..'), dir), link);
  }
}

/** The workspace's packages in `root` ({ name, dir }), from package.json `workspaces` (`dir` or `dir/*`). */
function workspacePackages(root) {
  const patterns = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces ?? [];
  const dirs = patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [join(root, pattern)];
    const parent = join(root, pattern.slice(0, -2));
    return existsSync(parent) ? readdirSync(parent, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(parent, d.name)) : [];
  });
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ name: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, dir }))
    .filter(({ name }) => typeof name === 'string');
}
