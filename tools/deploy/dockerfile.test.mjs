// The Dockerfile and .dockerignore, checked statically: no Docker engine runs here or in CI.
// dockerfile-utils (the Dockerfile language server's validator) catches syntax errors such as
// unknown instructions or flags; the rest states what the image must be.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validate } from 'dockerfile-utils';
import { readJson, workspaceRoot } from './lib/workspace.mjs';

const source = readFileSync(join(workspaceRoot, 'Dockerfile'), 'utf8');

/** Instructions with continuation lines joined, comments dropped, grouped by stage. */
function stages(text) {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const result = [];
  for (const line of lines) {
    const [keyword, ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') result.push({ name: /\sAS\s+(\S+)/i.exec(line)?.[1], from: rest[0], instructions: [] });
    else if (result.length > 0) result.at(-1).instructions.push(instruction);
    else result.push({ name: '(global)', from: undefined, instructions: [instruction] });
  }
  return result;
}

describe('Dockerfile', () => {
  const all = stages(source);
  const stage = (name) => all.find((candidate) => candidate.name === name);
  const runtime = all.at(-1);
  const find = (where, keyword) => where.instructions.filter((instruction) => instruction.keyword === keyword);

  it('has no syntax problems', () => {
    assert.deepEqual(
      validate(source).map((diagnostic) => `${diagnostic.range.start.line + 1}: ${diagnostic.message}`),
      [],
    );
  });

  it('pins the Node image to the exact version the workspace tests with', () => {
    const nodeVersion = readJson(join(workspaceRoot, 'node_modules/node/package.json')).version;
    const argument = find(all[0], 'ARG').find((instruction) => instruction.args.startsWith('NODE_IMAGE='));
    assert.equal(argument?.args, `NODE_IMAGE=node:${nodeVersion}-bookworm-slim`);
    for (const { from } of all.filter((candidate) => candidate.from !== undefined)) assert.equal(from, '${NODE_IMAGE}');
  });

  it('installs with npm ci on a BuildKit cache, builds the app and packages it with package-app.mjs', () => {
    const build = find(stage('build'), 'RUN').map((instruction) => instruction.args);
    assert.ok(build.some((run) => /--mount=type=cache,target=\/root\/\.npm/.test(run) && /\bnpm ci\b/.test(run)), build.join('\n'));
    assert.ok(build.some((run) => /npx nx build \$\{APP\}/.test(run)));
    assert.ok(build.some((run) => /node tools\/deploy\/package-app\.mjs \$\{APP\} \/artifact/.test(run)));
  });

  it('installs only production dependencies of the artifact, as the package test does', () => {
    const runs = find(stage('prod-deps'), 'RUN').map((instruction) => instruction.args);
    assert.ok(runs.some((run) => /npm ci --omit=dev --ignore-scripts/.test(run)), runs.join('\n'));
  });

  it('runs as a numeric non-root user with NODE_ENV=production, tini as PID 1 and a HEALTHCHECK', () => {
    const user = find(runtime, 'USER').at(-1)?.args ?? '';
    assert.match(user, /^[1-9]\d*(:\d+)?$/, 'USER must be a non-zero uid, numeric so Kubernetes can verify runAsNonRoot');
    assert.ok(find(runtime, 'ENV').some((instruction) => /\bNODE_ENV=production\b/.test(instruction.args)));
    assert.match(find(runtime, 'ENTRYPOINT').at(-1)?.args ?? '', /^\["\/usr\/bin\/tini", "--"\]$/);
    assert.match(find(runtime, 'CMD').at(-1)?.args ?? '', /"dist\/main\.js"\]$/);
    // A memory limit must not shrink V8's young generation to ~1 MB semi-spaces (see the Dockerfile).
    assert.match(find(runtime, 'CMD').at(-1)?.args ?? '', /"--max-semi-space-size=16"/);
    // grpc-js reads Error.stack on every failed call: source maps would map it each time (see the Dockerfile).
    assert.doesNotMatch(find(runtime, 'CMD').at(-1)?.args ?? '', /--enable-source-maps/);
    assert.match(find(runtime, 'HEALTHCHECK').at(-1)?.args ?? '', /CMD \["node", "healthcheck\.mjs"\]/);
    assert.ok(find(runtime, 'COPY').every((instruction) => instruction.args.includes('--from=prod-deps')), 'the runtime copies only the installed artifact');
  });
});

describe('.dockerignore', () => {
  const ignored = readFileSync(join(workspaceRoot, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());

  it('keeps host builds, installs and secrets out of the build context', () => {
    for (const pattern of ['**/node_modules', '**/dist', '.git', '.env', '**/*.tsbuildinfo']) {
      assert.ok(ignored.includes(pattern), pattern);
    }
  });

  it('keeps what the build needs', () => {
    for (const needed of ['tools', 'tools/deploy', 'proto', 'libs', 'apps', 'package-lock.json', '.npmrc']) {
      assert.ok(!ignored.includes(needed), needed);
    }
  });
});
