// Finds what compiled CommonJS code loads. tsc's CommonJS emit always writes `require("x")`
// with a literal (dynamic import() becomes require too), so a regular expression over the
// emitted files is exact for our code; a full parser would add a dependency for nothing.
// String literals naming a dependency are collected as well: some modules are loaded by
// name at run time (pino transports such as 'pino-pretty'), never through require.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { packageName } from './workspace.mjs';

const REQUIRE = /\brequire(?:\.resolve)?\(["']([^"']+)["']\)/g;
const STRING_LITERAL = /["'`]([@a-z0-9][\w.\-/@]*)["'`]/gi;
const BUILTINS = new Set(builtinModules);

/** Every .js file below `dir`. */
export function javascriptFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Package names required by the .js files below `dir` (builtins and relative paths left out),
 * and the string literals found there, for matching against known dependency names.
 */
export function scanModules(dir) {
  const required = new Set();
  const literals = new Set();
  for (const file of javascriptFiles(dir)) {
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(REQUIRE)) {
      if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) continue;
      required.add(packageName(specifier));
    }
    for (const [, literal] of source.matchAll(STRING_LITERAL)) literals.add(literal);
  }
  return { required, literals };
}

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0]);
}
