#!/usr/bin/env node
// Generates libs/contracts/src/generated from proto/ with buf + ts-proto.
// `--check` regenerates into a temporary directory and fails when the committed code differs,
// so a proto change without regenerated TypeScript cannot land.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const generated = 'libs/contracts/src/generated';
const check = process.argv.includes('--check');

function buf(outputBase) {
  execFileSync('npx', ['buf', 'generate', 'proto', '--template', 'proto/buf.gen.yaml', '-o', outputBase], {
    cwd: root,
    stdio: 'inherit',
  });
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((file) => statSync(file).isFile())
    .map((file) => relative(dir, file))
    .sort();
}

if (!check) {
  buf('.');
  process.exit(0);
}

const tmp = mkdtempSync(join(tmpdir(), 'proto-gen-'));
try {
  buf(tmp);
  const fresh = join(tmp, generated);
  const committed = join(root, generated);
  const freshFiles = listFiles(fresh);
  const committedFiles = listFiles(committed);
  const stale = [
    ...freshFiles.filter((f) => !committedFiles.includes(f) || readFileSync(join(fresh, f), 'utf8') !== readFileSync(join(committed, f), 'utf8')),
    ...committedFiles.filter((f) => !freshFiles.includes(f)),
  ];
  if (stale.length > 0) {
    console.error(`Generated contracts are stale; run \`npm run proto:gen\`:\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`proto:check: ${freshFiles.length} generated files are up to date`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
