// Renders the deployment files the way their tools do: `kubectl kustomize` for k8s/ overlays,
// Debian's `docker-compose config` (Compose v1, the only one packaged) for docker-compose.yml.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { workspaceRoot } from './workspace.mjs';

/** The overlays under k8s/overlays. */
export const OVERLAYS = ['dev', 'prod'];

function run(command, args, what, env = process.env) {
  try {
    return execFileSync(command, args, { cwd: workspaceRoot, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error(`${command} is not installed; it is needed to ${what}`);
    throw new Error(`${command} ${args.join(' ')} failed:\n${error.stderr || error.message}`);
  }
}

/** Every object of a rendered overlay. */
export function renderOverlay(overlay) {
  const output = run('kubectl', ['kustomize', join('k8s', 'overlays', overlay)], 'render k8s/ (kubectl kustomize)');
  return parseAllDocuments(output)
    .map((document) => {
      if (document.errors.length > 0) throw document.errors[0];
      return document.toJS();
    })
    .filter((object) => object !== null);
}

/**
 * docker-compose.yml as Compose resolves it (anchors merged, ${VAR:-default} substituted) with
 * the given env file instead of a developer's .env, in a bare environment, so that what is
 * checked is what the repository holds.
 *
 * @param {string} envFile absolute, or relative to the root (deploy/.env.example)
 */
export function renderCompose(envFile) {
  const output = run(
    'docker-compose',
    ['--project-directory', workspaceRoot, '--env-file', envFile, '-f', 'docker-compose.yml', 'config'],
    'validate docker-compose.yml (apt-get install docker-compose)',
    { PATH: process.env.PATH, HOME: process.env.HOME },
  );
  return parse(output);
}
