// Works out what an app needs at run time: the workspace libs it loads (transitively) and the
// root `dependencies` that its code and those libs load.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanModules } from './module-scan.mjs';

/**
 * @param {object} options
 * @param {string} options.root workspace root
 * @param {string} options.appDir app directory relative to the root
 * @param {Map<string, {dir: string, manifest: object}>} options.workspace workspace packages
 * @param {Record<string, string>} options.rootDependencies the root manifest's `dependencies`
 * @returns {{ libs: string[], dependencies: Record<string, string> }} lib package names, and
 *   the production dependencies with the root manifest's version ranges
 */
export function dependencyClosure({ root, appDir, workspace, rootDependencies }) {
  const libs = new Set();
  const wanted = new Set();
  const missing = new Map();

  const visitCode = (owner, dir, manifest) => {
    const distDir = join(root, dir, 'dist');
    if (!existsSync(distDir)) throw new Error(`${owner}: ${dir}/dist is missing; run \`npx nx build\` first`);
    const { required, literals } = scanModules(distDir);
    for (const name of Object.keys(manifest.dependencies ?? {})) required.add(name);
    for (const name of required) {
      if (workspace.has(name)) {
        if (!libs.has(name)) {
          libs.add(name);
          const lib = workspace.get(name);
          visitCode(name, lib.dir, lib.manifest);
        }
      } else if (name in rootDependencies) {
        wanted.add(name);
      } else {
        missing.set(name, owner);
      }
    }
    for (const literal of literals) if (literal in rootDependencies) wanted.add(literal);
  };

  visitCode(appDir, appDir, JSON.parse(readFileSync(join(root, appDir, 'package.json'), 'utf8')));
  if (missing.size > 0) {
    const list = [...missing].map(([name, owner]) => `${name} (loaded by ${owner})`).join(', ');
    throw new Error(`not in the root package.json "dependencies" (a devDependency is not shipped): ${list}`);
  }
  addPeers(root, wanted, rootDependencies);
  const dependencies = Object.fromEntries([...wanted].sort().map((name) => [name, rootDependencies[name]]));
  return { libs: [...libs].sort(), dependencies };
}

// npm installs required peers by itself, but not optional ones, and frameworks load those
// lazily by name (Nest's gRPC transport loads @grpc/proto-loader, Swagger on Fastify loads
// @fastify/static). An optional peer the workspace lists as a production dependency is one the
// workspace chose to have, so it ships with every package that names it.
function addPeers(root, wanted, rootDependencies) {
  const queue = [...wanted];
  while (queue.length > 0) {
    const name = queue.pop();
    const manifestFile = join(root, 'node_modules', name, 'package.json');
    if (!existsSync(manifestFile)) continue;
    const { peerDependencies = {} } = JSON.parse(readFileSync(manifestFile, 'utf8'));
    for (const peer of Object.keys(peerDependencies)) {
      if (peer in rootDependencies && !wanted.has(peer)) {
        wanted.add(peer);
        queue.push(peer);
      }
    }
  }
}
