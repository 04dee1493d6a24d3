// docker-compose.yml: valid for Compose (Debian's docker-compose config; no engine runs here),
// wired as the issue asks, and scalable. The env of each app against its config schema is in
// env-schema.test.mjs (it needs the built apps).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { APPS } from './lib/app-config.mjs';
import { hasPinnedTag } from './lib/pod-policy.mjs';
import { renderCompose } from './lib/render.mjs';
import { workspaceRoot } from './lib/workspace.mjs';

const INFRA = ['consul', 'postgres', 'jaeger', 'prometheus'];
const SERVICES = ['user-service', 'product-service', 'order-service'];
const METRICS_PORT = { 'user-service': '9461', 'product-service': '9462', 'order-service': '9463' };

// Compose v1 prints volumes in short form (`source:target:mode`), v2 in long form.
function mounts(service) {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') return volume;
    const [source, target] = volume.split(':');
    return { source, target, type: source.startsWith('/') || source.startsWith('.') ? 'bind' : 'volume' };
  });
}

describe('docker-compose.yml', () => {
  const compose = renderCompose('deploy/.env.example');
  const services = compose.services;

  it('renders the same with deploy/.env.example as with no .env: the example documents the defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-env-'));
    try {
      writeFileSync(join(dir, '.env'), '');
      assert.deepEqual(renderCompose(join(dir, '.env')), compose);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs consul, postgres, jaeger and prometheus from pinned images next to the four apps', () => {
    for (const name of [...INFRA, ...APPS]) assert.ok(services[name], `service ${name}`);
    for (const [name, service] of Object.entries(services)) {
      assert.ok(hasPinnedTag(service.image), `${name}: image ${service.image} must have a tag other than latest`);
    }
    assert.match(services.consul.command.join(' '), /agent -dev .*-ui/);
  });

  it('builds every app from the one Dockerfile with APP set', () => {
    for (const app of APPS) {
      assert.equal(services[app].build.args.APP, app);
      assert.match(services[app].build.dockerfile, /Dockerfile$/);
    }
  });

  it('wires every app to Consul, Jaeger and its own service name by env', () => {
    for (const app of APPS) {
      const env = services[app].environment;
      assert.equal(env.DISCOVERY_MODE, 'consul', app);
      assert.equal(env.CONSUL_HTTP_ADDR, 'http://consul:8500', app);
      assert.equal(env.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://jaeger:4318', app);
      assert.equal(env.OTEL_SERVICE_NAME, app);
    }
  });

  it('gives each service its own database, created by the postgres init script', () => {
    const script = readFileSync(join(workspaceRoot, 'deploy/postgres/10-create-service-databases.sh'), 'utf8');
    const created = new Map([...script.matchAll(/^create (\S+) (\S+) /gm)].map(([, database, role]) => [database, role]));
    const databases = SERVICES.map((app) => {
      const url = new URL(services[app].environment.DATABASE_URL);
      assert.equal(url.hostname, 'postgres', app);
      const database = url.pathname.slice(1);
      assert.equal(created.get(database), url.username, `${app}: ${database} owned by ${url.username} in the init script`);
      assert.equal(url.password, services.postgres.environment[`${app.split('-')[0].toUpperCase()}_DB_PASSWORD`], app);
      return database;
    });
    assert.equal(new Set(databases).size, SERVICES.length);
    assert.ok(mounts(services.postgres).some((volume) => volume.target === '/docker-entrypoint-initdb.d'));
  });

  it('starts apps only after their dependencies are healthy, and checks every long-running container', () => {
    for (const app of APPS) {
      const dependsOn = services[app].depends_on;
      assert.equal(dependsOn.consul.condition, 'service_healthy', app);
      if (SERVICES.includes(app)) assert.equal(dependsOn.postgres.condition, 'service_healthy', app);
      assert.deepEqual(services[app].healthcheck.test, ['CMD', 'node', 'healthcheck.mjs'], app);
    }
    for (const target of SERVICES) assert.equal(services.gateway.depends_on[target].condition, 'service_healthy');
    for (const name of ['consul', 'postgres', 'prometheus']) assert.ok(services[name].healthcheck?.test, `${name} healthcheck`);
  });

  it('can scale the services: no container_name and no host ports on them', () => {
    for (const app of SERVICES) {
      assert.equal(services[app].container_name, undefined, app);
      assert.equal(services[app].ports, undefined, app);
    }
    assert.deepEqual(
      services.gateway.ports.map((port) => Number(port.target)),
      [3000],
    );
  });

  it('keeps data in named volumes', () => {
    assert.ok(compose.volumes['postgres-data'] !== undefined);
    const mounted = (name, target) => mounts(services[name]).find((volume) => volume.target === target);
    assert.equal(mounted('postgres', '/var/lib/postgresql/data').type, 'volume');
    assert.equal(mounted('prometheus', '/prometheus').type, 'volume');
  });

  it('commits no secret: every password and key comes from ${VAR:-default} or a generated volume', () => {
    const source = parse(readFileSync(join(workspaceRoot, 'docker-compose.yml'), 'utf8'));
    const literal = [];
    for (const [name, service] of Object.entries(source.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        const secretish = /PASSWORD|SECRET|TOKEN|PRIVATE_KEY$|DATABASE_URL/.test(key);
        if (secretish && !/\$\{[A-Z_]+:-[^}]*\}/.test(String(value))) literal.push(`${name}.${key}`);
      }
    }
    assert.deepEqual(literal, []);
    assert.match(services['user-service'].environment.JWT_PRIVATE_KEY_FILE, /^\/run\/keys\//);
    assert.equal(services['user-service'].depends_on['jwt-keys'].condition, 'service_completed_successfully');
  });

  it('has Prometheus scrape every app, the services through Consul on their metrics ports', () => {
    const config = parse(readFileSync(join(workspaceRoot, 'deploy/prometheus/prometheus.yml'), 'utf8'));
    const job = (name) => config.scrape_configs.find((scrape) => scrape.job_name === name);
    assert.deepEqual(job('services').consul_sd_configs[0].services.toSorted(), SERVICES.toSorted());
    assert.equal(job('services').consul_sd_configs[0].server, 'consul:8500');
    for (const app of SERVICES) {
      assert.equal(services[app].environment.METRICS_PORT, METRICS_PORT[app]);
      assert.ok(
        job('services').relabel_configs.some((rule) => rule.regex === app && rule.replacement === METRICS_PORT[app]),
        `${app} scraped on ${METRICS_PORT[app]}`,
      );
    }
    assert.deepEqual(job('gateway').static_configs[0].targets, [`gateway:${services.gateway.environment.PORT}`]);
    assert.ok(mounts(services.prometheus).some((volume) => volume.target === '/etc/prometheus/prometheus.yml'));
  });
});
