// The rules every workload in k8s/ must follow, checked on rendered objects. Each rule returns
// human-readable violations; an empty list means compliant.

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** Every pod template of the rendered objects, with the object that owns it. */
export function podTemplates(objects) {
  return objects.flatMap((object) => {
    if (WORKLOAD_KINDS.has(object.kind)) return [{ owner: object, pod: object.spec.template }];
    if (object.kind === 'CronJob') return [{ owner: object, pod: object.spec.jobTemplate.spec.template }];
    if (object.kind === 'Pod') return [{ owner: object, pod: object }];
    return [];
  });
}

/** An image reference with an explicit tag other than `latest`, or a digest. */
export function hasPinnedTag(image) {
  if (image.includes('@sha256:')) return true;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  return tag !== '' && tag !== 'latest';
}

function probeKind(probe) {
  return ['grpc', 'httpGet', 'tcpSocket', 'exec'].find((kind) => probe?.[kind] !== undefined);
}

/** Resolves the env a container gets from literal env entries and envFrom ConfigMaps. */
export function containerEnv(container, objects) {
  const env = {};
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name;
    const configMap = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === name);
    Object.assign(env, configMap?.data ?? {});
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
  }
  return env;
}

/**
 * Violations of the container rules: startup, readiness and liveness probes (native grpc
 * probes for readiness and startup of a container exposing a `grpc` port, httpGet otherwise);
 * cpu and memory requests and limits; non-root, read-only root filesystem with /tmp on an
 * emptyDir, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp; a pinned
 * image tag; a preStop hook and a grace period covering preStop plus SHUTDOWN_DRAIN_MS.
 */
export function containerViolations(objects) {
  const violations = [];
  for (const { owner, pod } of podTemplates(objects)) {
    const podSpec = pod.spec;
    const podSecurity = podSpec.securityContext ?? {};
    for (const container of [...(podSpec.initContainers ?? []), ...podSpec.containers]) {
      const where = `${owner.kind}/${owner.metadata.name} container ${container.name}`;
      const fail = (message) => violations.push(`${where}: ${message}`);
      const security = container.securityContext ?? {};
      const servesGrpc = (container.ports ?? []).some((port) => port.name === 'grpc');

      for (const probeName of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        const kind = probeKind(container[probeName]);
        if (kind === undefined) fail(`no ${probeName}`);
        else if (probeName !== 'livenessProbe' && kind !== (servesGrpc ? 'grpc' : 'httpGet')) {
          fail(`${probeName} is ${kind}, expected ${servesGrpc ? 'a native grpc probe' : 'httpGet'}`);
        }
      }
      for (const bound of ['requests', 'limits']) {
        for (const resource of ['cpu', 'memory']) {
          if (container.resources?.[bound]?.[resource] === undefined) fail(`no ${resource} ${bound}`);
        }
      }
      if ((security.runAsNonRoot ?? podSecurity.runAsNonRoot) !== true) fail('runAsNonRoot is not true');
      if ((security.runAsUser ?? podSecurity.runAsUser) === 0) fail('runs as uid 0');
      if (security.readOnlyRootFilesystem !== true) fail('readOnlyRootFilesystem is not true');
      if (security.allowPrivilegeEscalation !== false) fail('allowPrivilegeEscalation is not false');
      if (security.privileged === true) fail('privileged');
      if (!(security.capabilities?.drop ?? []).includes('ALL')) fail('capabilities do not drop ALL');
      if ((security.seccompProfile ?? podSecurity.seccompProfile)?.type !== 'RuntimeDefault') fail('seccomp is not RuntimeDefault');
      if (!hasPinnedTag(container.image)) fail(`image ${container.image} has no tag or uses latest`);

      const tmpMount = (container.volumeMounts ?? []).find((mount) => mount.mountPath === '/tmp');
      const tmpVolume = podSpec.volumes?.find((volume) => volume.name === tmpMount?.name);
      if (tmpVolume?.emptyDir === undefined) fail('/tmp is not an emptyDir (the root filesystem is read-only)');

      const preStopSeconds = container.lifecycle?.preStop?.sleep?.seconds;
      if (preStopSeconds === undefined) fail('no preStop sleep');
      const drainMs = Number(containerEnv(container, objects).SHUTDOWN_DRAIN_MS);
      if (!Number.isFinite(drainMs)) fail('SHUTDOWN_DRAIN_MS is not set');
      const grace = podSpec.terminationGracePeriodSeconds ?? 30;
      if (grace < (preStopSeconds ?? 0) + drainMs / 1000) {
        fail(`terminationGracePeriodSeconds ${grace} < preStop ${preStopSeconds} s + SHUTDOWN_DRAIN_MS ${drainMs} ms`);
      }
    }
    if (podSpec.automountServiceAccountToken !== false) {
      violations.push(`${owner.kind}/${owner.metadata.name}: automountServiceAccountToken is not false`);
    }
  }
  return violations;
}
