// The env each deployment file gives an app must match the app's own config schema
// (apps/<app>/dist/config.js `configSchema`): a variable renamed in the code, or misspelt in a
// deployment file, fails here instead of being ignored at run time. Needs the built apps
// (`npx nx run-many -t build`); without them every test fails, naming that command.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { envTables, README, readmeWith } from './env-docs.mjs';
import { APPS, envProblems, unknownVariables } from './lib/app-config.mjs';
import { containerEnv } from './lib/pod-policy.mjs';
import { OVERLAYS, renderCompose, renderOverlay } from './lib/render.mjs';

describe('docker-compose.yml env against each app config schema', () => {
  const services = renderCompose('deploy/.env.example').services;
  for (const app of APPS) {
    it(app, () => {
      assert.deepEqual(envProblems(app, services[app].environment), []);
    });
  }

  it('reports a renamed variable and a value the schema rejects', () => {
    const env = { ...services['product-service'].environment };
    env.GRPC_PROT = env.GRPC_PORT;
    delete env.GRPC_PORT;
    env.DISCOVERY_MODE = 'zookeeper';
    const problems = envProblems('product-service', env);
    assert.ok(problems.some((problem) => problem.startsWith('GRPC_PROT: not in')), problems.join('\n'));
    assert.ok(problems.some((problem) => problem.startsWith('DISCOVERY_MODE:')), problems.join('\n'));
  });
});

for (const overlay of OVERLAYS) {
  describe(`k8s/overlays/${overlay} env against each app config schema`, () => {
    const objects = renderOverlay(overlay);
    for (const app of APPS) {
      it(app, () => {
        const deployment = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === app);
        const container = deployment.spec.template.spec.containers.find((candidate) => candidate.name === app);
        // Literal values as the pod sees them; Secret-backed ones (DATABASE_URL) are checked by name.
        const env = Object.fromEntries(
          Object.entries(containerEnv(container, objects)).map(([name, value]) => [
            name,
            value.replaceAll('$(POD_NAMESPACE)', deployment.metadata.namespace),
          ]),
        );
        const fromSecrets = (container.env ?? []).filter((variable) => variable.valueFrom?.secretKeyRef).map((variable) => variable.name);
        assert.deepEqual([...envProblems(app, env), ...unknownVariables(app, fromSecrets)], []);
      });
    }
  });
}

describe('deploy/README.md', () => {
  it('documents every variable of every app as its schema defines it', () => {
    assert.equal(readFileSync(README, 'utf8'), readmeWith(envTables()), 'stale: run node tools/deploy/env-docs.mjs --write');
  });
});
