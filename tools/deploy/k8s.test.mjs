// k8s/: both overlays render, every object is valid for a current Kubernetes release (strictly:
// no unknown fields), every container follows the pod policy, and the network policies allow
// exactly the intended paths.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APPS } from './lib/app-config.mjs';
import { schemaErrors } from './lib/kubernetes-schema.mjs';
import { canConnect } from './lib/network-reachability.mjs';
import { containerViolations, hasPinnedTag } from './lib/pod-policy.mjs';
import { OVERLAYS, renderOverlay } from './lib/render.mjs';

const SERVICES = {
  'user-service': { grpc: 50051, metrics: 9461 },
  'product-service': { grpc: 50052, metrics: 9462 },
  'order-service': { grpc: 50053, metrics: 9463 },
};

const byKind = (objects, kind) => objects.filter((object) => object.kind === kind);
const named = (objects, kind, name) => objects.find((object) => object.kind === kind && object.metadata.name === name);
const deploymentOf = (objects, app) => named(objects, 'Deployment', app);

for (const overlay of OVERLAYS) {
  describe(`k8s/overlays/${overlay}`, () => {
    const objects = renderOverlay(overlay);

    it('renders every app with its Deployment, Service, ServiceAccount, ConfigMap, HPA, PDB and NetworkPolicy', () => {
      for (const app of APPS) {
        const deployment = deploymentOf(objects, app);
        assert.ok(deployment, `Deployment ${app}`);
        const labels = deployment.spec.template.metadata.labels;
        const selects = (selector) => Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);
        assert.ok(byKind(objects, 'Service').some((service) => service.metadata.name === app && selects(service.spec.selector)), `Service ${app}`);
        assert.ok(named(objects, 'ServiceAccount', deployment.spec.template.spec.serviceAccountName), `ServiceAccount of ${app}`);
        assert.ok(
          byKind(objects, 'HorizontalPodAutoscaler').some(
            (hpa) => hpa.apiVersion === 'autoscaling/v2' && hpa.spec.scaleTargetRef.kind === 'Deployment' && hpa.spec.scaleTargetRef.name === app,
          ),
          `HPA of ${app}`,
        );
        assert.ok(byKind(objects, 'PodDisruptionBudget').some((pdb) => selects(pdb.spec.selector.matchLabels)), `PDB of ${app}`);
        assert.ok(
          byKind(objects, 'NetworkPolicy').some((policy) => Object.keys(policy.spec.podSelector).length > 0 && selects(policy.spec.podSelector.matchLabels)),
          `NetworkPolicy of ${app}`,
        );
        const configMaps = deployment.spec.template.spec.containers[0].envFrom.map((source) => source.configMapRef.name);
        for (const name of configMaps) assert.ok(named(objects, 'ConfigMap', name), `ConfigMap ${name} of ${app}`);
      }
    });

    it('validates every object against the Kubernetes OpenAPI schemas, unknown fields included', async () => {
      const problems = [];
      for (const object of objects) {
        for (const error of await schemaErrors(object)) problems.push(`${object.kind}/${object.metadata.name}${error}`);
      }
      assert.deepEqual(problems, []);
    });

    it('meets the pod policy for every container', () => {
      assert.deepEqual(containerViolations(objects), []);
    });

    it('pins every image to a tag that is not latest', () => {
      for (const app of APPS) {
        const image = deploymentOf(objects, app).spec.template.spec.containers[0].image;
        assert.ok(hasPinnedTag(image), `${app}: ${image}`);
      }
    });

    it('makes the gRPC services headless and keeps the gateway a ClusterIP behind the only Ingress', () => {
      for (const service of byKind(objects, 'Service')) {
        const grpc = service.spec.ports.some((port) => port.name === 'grpc');
        if (grpc) assert.equal(service.spec.clusterIP, 'None', `${service.metadata.name} must be headless`);
        else assert.equal(service.spec.type ?? 'ClusterIP', 'ClusterIP', `${service.metadata.name} must not be exposed itself`);
      }
      const backends = byKind(objects, 'Ingress').flatMap((ingress) =>
        ingress.spec.rules.flatMap((rule) => rule.http.paths.map((path) => path.backend.service.name)),
      );
      assert.deepEqual([...new Set(backends)], ['gateway']);
    });

    it('commits no Secret values', () => {
      assert.deepEqual(byKind(objects, 'Secret'), []);
    });

    it('discovers services over DNS through the headless services of the pod namespace', () => {
      const wanted = { gateway: ['user-service', 'product-service', 'order-service'], 'order-service': ['user-service', 'product-service'] };
      for (const [app, targets] of Object.entries(wanted)) {
        const container = deploymentOf(objects, app).spec.template.spec.containers[0];
        const env = Object.fromEntries((container.env ?? []).map((variable) => [variable.name, variable]));
        assert.equal(env.POD_NAMESPACE?.valueFrom?.fieldRef?.fieldPath, 'metadata.namespace');
        for (const target of targets) {
          const variable = `${target.split('-')[0].toUpperCase()}_SERVICE_TARGET`;
          assert.equal(
            env[variable]?.value,
            `dns:///${target}.$(POD_NAMESPACE).svc.cluster.local:${SERVICES[target].grpc}`,
            `${app} ${variable}`,
          );
        }
      }
      const common = named(objects, 'ConfigMap', deploymentOf(objects, 'gateway').spec.template.spec.containers[0].envFrom[0].configMapRef.name);
      assert.equal(common.data.DISCOVERY_MODE, 'dns');
    });

    it('lets only the intended pods talk to each other', () => {
      const policies = byKind(objects, 'NetworkPolicy');
      const namespace = deploymentOf(objects, 'gateway').metadata.namespace;
      assert.ok(namespace, 'the overlay sets a namespace');
      const pod = (ns, labels) => ({ namespace: ns, namespaceLabels: { 'kubernetes.io/metadata.name': ns }, labels });
      const app = (name) => pod(namespace, deploymentOf(objects, name).spec.template.metadata.labels);
      const intruder = pod(namespace, { 'app.kubernetes.io/name': 'intruder' });
      const ingressController = pod('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' });
      const prometheus = pod('monitoring', { 'app.kubernetes.io/name': 'prometheus' });
      const dns = pod('kube-system', { 'k8s-app': 'kube-dns' });
      const internet = { external: true };
      const tcp = (number) => ({ number, protocol: 'TCP' });

      const expectations = [
        // Only the gateway and order-service reach user and product; only the gateway reaches order.
        ...['user-service', 'product-service'].flatMap((target) => [
          [app('gateway'), app(target), tcp(SERVICES[target].grpc), true],
          [app('order-service'), app(target), tcp(SERVICES[target].grpc), true],
          [intruder, app(target), tcp(SERVICES[target].grpc), false],
          [ingressController, app(target), tcp(SERVICES[target].grpc), false],
        ]),
        [app('user-service'), app('product-service'), tcp(50052), false],
        [app('product-service'), app('user-service'), tcp(50051), false],
        [app('gateway'), app('order-service'), tcp(50053), true],
        [app('user-service'), app('order-service'), tcp(50053), false],
        [app('product-service'), app('order-service'), tcp(50053), false],
        [intruder, app('order-service'), tcp(50053), false],
        // Only the gateway is exposed, and only to the ingress controller (and metrics scrapes).
        [ingressController, app('gateway'), tcp(3000), true],
        [intruder, app('gateway'), tcp(3000), false],
        [app('user-service'), app('gateway'), tcp(3000), false],
        [internet, app('gateway'), tcp(3000), false],
        ...Object.entries(SERVICES).flatMap(([name, ports]) => [
          [prometheus, app(name), tcp(ports.metrics), true],
          [intruder, app(name), tcp(ports.metrics), false],
          // Databases may live outside the cluster.
          [app(name), internet, tcp(5432), true],
          [app(name), internet, tcp(443), false],
        ]),
        [app('gateway'), internet, tcp(5432), false],
        ...APPS.flatMap((name) => [
          [app(name), dns, { number: 53, protocol: 'UDP' }, true],
          [app(name), dns, tcp(53), true],
        ]),
      ];
      const wrong = expectations
        .filter(([from, to, port, allowed]) => canConnect(policies, from, to, port) !== allowed)
        .map(([from, to, port, allowed]) => `${describePod(from)} -> ${describePod(to)}:${port.number}/${port.protocol} should be ${allowed ? 'allowed' : 'denied'}`);
      assert.deepEqual(wrong, []);
    });
  });
}

function describePod(pod) {
  return pod.external ? 'outside' : `${pod.namespace}/${pod.labels['app.kubernetes.io/name'] ?? pod.labels['k8s-app']}`;
}

describe('the k8s checks themselves', () => {
  const objects = renderOverlay('prod');
  const mutated = (change) => {
    const copy = structuredClone(objects);
    change(deploymentOf(copy, 'product-service').spec.template.spec, copy);
    return copy;
  };

  it('rejects a wrong type, a missing required field and a misspelt field', async () => {
    const deployment = structuredClone(deploymentOf(objects, 'product-service'));
    deployment.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    deployment.spec.template.spec.terminationGracePeriodSeconds = '20';
    delete deployment.spec.selector;
    const errors = await schemaErrors(deployment);
    assert.ok(errors.some((error) => error.includes('/spec/template/spec/containers/0/imagePullPolicyy: unknown field')), errors.join('\n'));
    assert.ok(errors.some((error) => error.includes('/spec/template/spec/terminationGracePeriodSeconds: type')), errors.join('\n'));
    assert.ok(errors.some((error) => error.includes('missingProperty":"selector"')), errors.join('\n'));
  });

  it('accepts free-form maps such as labels and ConfigMap data', async () => {
    const configMap = structuredClone(byKind(objects, 'ConfigMap')[0]);
    configMap.data.ANY_NEW_KEY = 'x';
    configMap.metadata.labels = { ...configMap.metadata.labels, 'example.com/anything': 'y' };
    assert.deepEqual(await schemaErrors(configMap), []);
  });

  it('fails for a kind it has no schema for instead of passing it', async () => {
    await assert.rejects(schemaErrors({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }), /no Kubernetes schema/);
  });

  it('reports each broken pod rule', () => {
    const cases = [
      [(spec) => delete spec.containers[0].readinessProbe, 'no readinessProbe'],
      [(spec) => (spec.containers[0].startupProbe = { tcpSocket: { port: 50052 } }), 'startupProbe is tcpSocket, expected a native grpc probe'],
      [(spec) => delete spec.containers[0].resources.limits.memory, 'no memory limits'],
      [(spec) => delete spec.containers[0].resources.requests.cpu, 'no cpu requests'],
      [(spec) => ((spec.securityContext.runAsNonRoot = false), (spec.containers[0].securityContext.runAsNonRoot = false)), 'runAsNonRoot is not true'],
      [(spec) => (spec.containers[0].securityContext.readOnlyRootFilesystem = false), 'readOnlyRootFilesystem is not true'],
      [(spec) => delete spec.containers[0].securityContext.allowPrivilegeEscalation, 'allowPrivilegeEscalation is not false'],
      [(spec) => (spec.containers[0].securityContext.capabilities.drop = ['NET_RAW']), 'capabilities do not drop ALL'],
      [(spec) => delete spec.securityContext.seccompProfile, 'seccomp is not RuntimeDefault'],
      [(spec) => (spec.containers[0].image = 'acme/product-service:latest'), 'has no tag or uses latest'],
      [(spec) => (spec.containers[0].image = 'registry.example.com:5000/acme/product-service'), 'has no tag or uses latest'],
      [(spec) => (spec.terminationGracePeriodSeconds = 10), 'terminationGracePeriodSeconds 10 <'],
      [(spec) => delete spec.containers[0].lifecycle, 'no preStop sleep'],
      [(spec) => (spec.volumes = spec.volumes.filter((volume) => volume.name !== 'tmp')), '/tmp is not an emptyDir'],
      [(spec) => delete spec.automountServiceAccountToken, 'automountServiceAccountToken is not false'],
    ];
    for (const [change, expected] of cases) {
      const violations = containerViolations(mutated(change));
      assert.ok(
        violations.some((violation) => violation.startsWith('Deployment/product-service') && violation.includes(expected)),
        `expected "${expected}", got ${JSON.stringify(violations)}`,
      );
    }
  });

  it('sees a policy that opens a service to everyone', () => {
    const copy = structuredClone(objects);
    named(copy, 'NetworkPolicy', 'order-service').spec.ingress[0].from = [{ podSelector: {} }];
    const namespace = deploymentOf(copy, 'gateway').metadata.namespace;
    const pod = (name) => ({ namespace, namespaceLabels: {}, labels: { 'app.kubernetes.io/name': name } });
    assert.equal(canConnect(byKind(copy, 'NetworkPolicy'), pod('product-service'), pod('order-service'), { number: 50053 }), false);
    // product-service's own egress still blocks it; open that too and the path is reachable.
    named(copy, 'NetworkPolicy', 'product-service').spec.egress.push({});
    assert.equal(canConnect(byKind(copy, 'NetworkPolicy'), pod('product-service'), pod('order-service'), { number: 50053 }), true);
  });
});
