// healthcheck.mjs, run as the container runs it (`node healthcheck.mjs` next to dist/config.js),
// against a real grpc.health.v1 server (encoded from the canonical health.proto) and a real
// HTTP server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeHealthStatus } from './healthcheck.mjs';
import { exited, freePort } from './lib/process-helpers.mjs';
import { workspaceRoot } from './lib/workspace.mjs';

const require = createRequire(import.meta.url);
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

// An artifact-shaped directory: healthcheck.mjs, a dist/config.js with a zod configSchema, and
// the workspace's node_modules for @grpc/grpc-js and zod.
function artifactWith(configSource) {
  const dir = mkdtempSync(join(tmpdir(), 'healthcheck-'));
  cpSync(new URL('./healthcheck.mjs', import.meta.url), join(dir, 'healthcheck.mjs'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'dist', 'config.js'), configSource);
  writeFileSync(join(dir, 'package.json'), '{"private":true}');
  symlinkSync(join(workspaceRoot, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

async function runProbe(dir, env) {
  const child = spawn(process.execPath, ['healthcheck.mjs'], { cwd: dir, env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await exited(child);
  return { code, stderr };
}

describe('decodeHealthStatus', () => {
  it('reads the status field and skips unknown ones', () => {
    assert.equal(decodeHealthStatus(Buffer.from([])), 0);
    assert.equal(decodeHealthStatus(Buffer.from([0x08, 0x01])), 1);
    assert.equal(decodeHealthStatus(Buffer.from([0x12, 0x02, 0x61, 0x62, 0x08, 0x02])), 2);
    assert.throws(() => decodeHealthStatus(Buffer.from([0x08])), /truncated/);
  });
});

describe('healthcheck.mjs for a gRPC service', () => {
  let dir;
  let server;
  let port;
  let status = 'SERVING';

  before(async () => {
    dir = artifactWith(
      "const { z } = require('zod');\nexports.configSchema = z.object({ GRPC_PORT: z.coerce.number().default(50051), LOG_LEVEL: z.string().default('info') });\n",
    );
    const definition = protoLoader.loadSync(join(workspaceRoot, 'libs/shared/health/proto/health.proto'), { enums: String });
    const { Health } = grpc.loadPackageDefinition(definition).grpc.health.v1;
    server = new grpc.Server();
    server.addService(Health.service, {
      Check: (_call, callback) => callback(null, { status }),
      Watch: (call) => call.end(),
    });
    port = await new Promise((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
  });

  after(() => {
    server?.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 while the server reports SERVING', async () => {
    status = 'SERVING';
    assert.deepEqual(await runProbe(dir, { GRPC_PORT: String(port) }), { code: 0, stderr: '' });
  });

  it('exits 1 when the server reports NOT_SERVING', async () => {
    status = 'NOT_SERVING';
    const result = await runProbe(dir, { GRPC_PORT: String(port) });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /status 2, not SERVING/);
  });

  it('exits 1 when nothing listens on the configured port', async () => {
    const result = await runProbe(dir, { GRPC_PORT: String(await freePort()), HEALTHCHECK_TIMEOUT_MS: '1000' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /unhealthy/);
  });
});

describe('healthcheck.mjs for the HTTP gateway', () => {
  let dir;
  let server;
  let port;
  let liveStatus = 200;

  before(async () => {
    dir = artifactWith("const { z } = require('zod');\nexports.configSchema = z.object({ PORT: z.coerce.number().default(3000) });\n");
    server = createServer((request, response) => {
      response.statusCode = request.url === '/health/live' ? liveStatus : 404;
      response.end();
    });
    port = await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
  });

  after(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 when GET /health/live answers 2xx', async () => {
    liveStatus = 200;
    assert.equal((await runProbe(dir, { PORT: String(port) })).code, 0);
  });

  it('exits 1 when GET /health/live answers 503', async () => {
    liveStatus = 503;
    const result = await runProbe(dir, { PORT: String(port) });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /answered 503/);
  });
});
