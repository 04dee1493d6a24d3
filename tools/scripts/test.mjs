#!/usr/bin/env node
// `npm test`: every check CI runs, in order, stopping at the first failure.
import { spawnSync } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

function git(...args) {
  return spawnSync('git', args, { cwd: root, encoding: 'utf8' });
}

// buf breaking compares proto/ with main's previous commit (the last one that landed).
const previous = git('rev-parse', '--verify', '--quiet', 'HEAD~1').stdout.trim();
const breaking = previous && git('cat-file', '-e', `${previous}:proto/buf.yaml`).status === 0
  ? [['proto: buf breaking (against HEAD~1)', 'npx', ['buf', 'breaking', 'proto', '--against', `.git#ref=${previous},subdir=proto`]]]
  : [];

const steps = [
  ['proto: buf lint', 'npx', ['buf', 'lint', 'proto']],
  ['proto: generated code is current', 'node', ['tools/scripts/proto-gen.mjs', '--check']],
  ...breaking,
  ['lint (eslint + module boundaries)', 'npx', ['nx', 'run-many', '-t', 'lint', '--output-style=stream']],
  ['lint tools and deploy scripts', 'npx', ['eslint', '--max-warnings=0', 'tools', 'deploy']],
  ['build', 'npx', ['nx', 'run-many', '-t', 'build', '--output-style=stream']],
  ['deploy: k8s, compose, Dockerfile, artifacts', 'node', ['--test', 'tools/deploy/*.test.mjs']],
  ['unit and end-to-end tests', 'npx', ['vitest', 'run']],
  ['benchmark smoke (npm run bench -- --quick --ladder, and --quick --compare HEAD)', 'node', ['--test', 'tools/bench/bench.test.mjs']],
];

for (const [title, command, args] of steps) {
  process.stdout.write(`\n=== ${title}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  if (result.status !== 0) {
    process.stdout.write(`\n=== FAILED: ${title} (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`=== ok: ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
