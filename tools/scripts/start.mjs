#!/usr/bin/env node
// `npm start`: builds what is stale, then runs the gateway and the three services as separate
// processes on the default ports with embedded PGlite, static addresses and pretty logs.
// Ctrl-C (or SIGTERM) stops every process cleanly; if one process dies, the others are stopped.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

const root = new URL('../..', import.meta.url).pathname;
const apps = [
  { name: 'user-service', color: 36 },
  { name: 'product-service', color: 35 },
  { name: 'order-service', color: 33 },
  { name: 'gateway', color: 32 },
];

if (!process.argv.includes('--no-build')) {
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects', apps.map((a) => a.name).join(','), '--output-style=stream-without-prefixes'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Settings for every app from .env (see .env.example), under what the shell already sets.
const dotenv = new URL('.env', `file://${root}`);
if (existsSync(dotenv)) process.loadEnvFile(dotenv);

const children = new Map();
let stopping = false;

for (const app of apps) {
  const entry = `apps/${app.name}/dist/main.js`;
  if (!existsSync(new URL(entry, `file://${root}`))) {
    console.error(`${entry} is missing; run without --no-build`);
    process.exit(1);
  }
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    cwd: root,
    env: { NODE_ENV: 'development', ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `\x1b[${app.color}m${app.name.padEnd(15)}\x1b[0m│ `;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`));
  }
  child.on('exit', (code, signal) => {
    children.delete(app.name);
    process.stdout.write(`${prefix}exited (${signal ?? code})\n`);
    if (!stopping) {
      process.exitCode = 1;
      stop('SIGTERM');
    }
    if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  children.set(app.name, child);
}

// The gateway listens before the services do; requests in between get 503. Say when the whole
// system answers: the gateway's /health/ready checks every backend over grpc.health.v1.
const gateway = `http://localhost:${process.env.PORT ?? 3000}`;
const READY_TIMEOUT_MS = 120_000;
const began = Date.now();
process.stdout.write(`\nStarting; ready when ${gateway}/health/ready answers 200. Ctrl-C stops everything.\n\n`);
void (async () => {
  while (!stopping && Date.now() - began < READY_TIMEOUT_MS) {
    const status = await fetch(`${gateway}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) {
      process.stdout.write(`\nReady in ${((Date.now() - began) / 1000).toFixed(1)} s: ${gateway}  (API docs: ${gateway}/docs)  Ctrl-C stops everything.\n\n`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!stopping) process.stdout.write(`\nNot ready after ${READY_TIMEOUT_MS / 1000} s: see the logs above (${gateway}/health/ready says what is down).\n\n`);
})();

function stop(signal) {
  stopping = true;
  for (const child of children.values()) child.kill(signal === 'SIGINT' ? 'SIGTERM' : signal);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
