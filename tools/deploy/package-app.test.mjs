// The production artifact of user-service, end to end: package it, install its production
// dependencies with `npm ci --omit=dev` in a directory with no workspace around (the step the
// Docker image performs), start it from there on PGlite, and see it serve and stop cleanly.
// Needs the built apps (`npx nx run-many -t build`) and the npm registry (or a warm npm cache).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packageApp } from './package-app.mjs';
import { loadAppConfig } from './lib/app-config.mjs';
import { exited, freePort, waitFor } from './lib/process-helpers.mjs';
import { readJson, workspaceRoot } from './lib/workspace.mjs';

const APP = 'user-service';

describe(`package-app.mjs ${APP}`, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'package-app-'));
  const artifact = join(scratch, 'artifact');
  let packaged;

  before(() => {
    packaged = packageApp({ app: APP, outDir: artifact });
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('lists only root production dependencies, at the versions of the root lockfile', () => {
    const root = readJson(join(workspaceRoot, 'package.json'));
    const manifest = readJson(join(artifact, 'package.json'));
    assert.equal(manifest.devDependencies, undefined);
    for (const [name, range] of Object.entries(manifest.dependencies)) {
      if (name.startsWith('@acme/')) assert.match(range, /^file:libs\//, name);
      else assert.equal(range, root.dependencies[name], `${name} must be a root production dependency`);
    }
    assert.ok('@grpc/grpc-js' in manifest.dependencies);
    assert.ok('@acme/contracts' in manifest.dependencies);

    const rootLock = readJson(join(workspaceRoot, 'package-lock.json')).packages;
    const lock = readJson(join(artifact, 'package-lock.json')).packages;
    const drifted = Object.entries(lock)
      .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.link && rootLock[path]?.version !== entry.version)
      .map(([path, entry]) => `${path}: ${entry.version} (workspace ${rootLock[path]?.version})`);
    assert.deepEqual(drifted, []);
    // The root lockfile marks what only development needs (`dev: true`); none of it ships.
    const devOnly = Object.keys(lock).filter((path) => path.startsWith('node_modules/') && rootLock[path]?.dev === true);
    assert.deepEqual(devOnly, []);
  });

  it('ships the compiled app, its migrations, the health probe and each lib as a real package', () => {
    assert.ok(existsSync(join(artifact, 'dist/main.js')));
    assert.ok(existsSync(join(artifact, 'dist/config.js')));
    assert.ok(existsSync(join(artifact, 'healthcheck.mjs')));
    assert.ok(readdirSync(join(artifact, 'migrations')).some((file) => file.endsWith('.sql')));
    assert.deepEqual(
      readdirSync(join(artifact, 'dist'), { recursive: true }).filter((file) => /\.d\.ts$|\.tsbuildinfo$/.test(file)),
      [],
    );
    for (const name of packaged.libs) {
      const dir = readJson(join(artifact, 'package.json')).dependencies[name].slice('file:'.length);
      assert.equal(readJson(join(artifact, dir, 'package.json')).name, name);
      assert.ok(existsSync(join(artifact, dir, 'dist/index.js')), `${name} dist`);
    }
    const proto = join(artifact, 'libs/contracts/proto');
    assert.ok(!lstatSync(proto).isSymbolicLink(), 'libs/contracts/proto is copied, not linked');
    assert.ok(existsSync(join(proto, 'acme/user/v1/user_service.proto')));
  });

  it('installs with npm ci --omit=dev alone, starts on PGlite, serves gRPC health and /metrics, and stops on SIGTERM', async (t) => {
    // A copy outside any workspace: nothing but the artifact can satisfy a require.
    const install = join(scratch, 'install');
    cpSync(artifact, install, { recursive: true });
    execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: install, stdio: ['ignore', 'ignore', 'pipe'] });
    assert.ok(!existsSync(join(install, 'node_modules/typescript')), 'no devDependency installed');

    const [grpcPort, metricsPort] = [await freePort(), await freePort()];
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      GRPC_HOST: '127.0.0.1',
      GRPC_PORT: String(grpcPort),
      METRICS_PORT: String(metricsPort),
      DATA_DIR: join(scratch, 'data'),
      SHUTDOWN_DRAIN_MS: '2000',
      ...jwtKeyEnv(scratch),
    };
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: install, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    t.after(() => child.kill('SIGKILL'));

    // The image's own HEALTHCHECK command: grpc.health.v1 SERVING on the configured port.
    const probe = () => {
      execFileSync(process.execPath, ['healthcheck.mjs'], { cwd: install, env, stdio: 'ignore' });
      return true;
    };
    const stopPolling = new AbortController();
    const crashed = exited(child).then((code) => {
      stopPolling.abort();
      throw new Error(`${APP} exited (${code}) before serving`);
    });
    const serving = waitFor(probe, { timeoutMs: 60_000, intervalMs: 250, what: `${APP} to report SERVING`, signal: stopPolling.signal });
    await Promise.race([serving, crashed]).catch((error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    // Served: from here on the exit is the expected one, after SIGTERM.
    crashed.catch(() => undefined);
    serving.catch(() => undefined);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /^# (HELP|TYPE) /m);

    child.kill('SIGTERM');
    assert.equal(await exited(child), 0, output);
  });
});

// user-service signs tokens: hand it a key pair made by the compose key generator.
function jwtKeyEnv(scratch) {
  const { variables } = loadAppConfig(APP);
  if (!variables.has('JWT_PRIVATE_KEY_FILE')) return {};
  execFileSync(process.execPath, [join(workspaceRoot, 'deploy/jwt/generate-jwt-keys.mjs'), scratch, scratch, String(process.getuid?.() ?? 0)]);
  assert.match(readFileSync(join(scratch, 'private.pem'), 'utf8'), /BEGIN PRIVATE KEY/);
  return { JWT_PRIVATE_KEY_FILE: join(scratch, 'private.pem') };
}
