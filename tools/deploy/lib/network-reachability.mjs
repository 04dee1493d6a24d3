// Evaluates NetworkPolicy semantics on rendered objects, so that a test can state who may
// reach whom instead of pattern-matching YAML. Covers what k8s/ uses: podSelector and
// namespaceSelector peers with matchLabels/matchExpressions, port numbers and names, and the
// rule that traffic needs both the sender's egress and the receiver's ingress to allow it
// once a policy of that type selects the pod. (ipBlock peers are treated as "outside".)

function matches(selector, labels) {
  if (selector === undefined) return true;
  const { matchLabels = {}, matchExpressions = [] } = selector;
  if (!Object.entries(matchLabels).every(([key, value]) => labels[key] === value)) return false;
  return matchExpressions.every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return values.includes(labels[key]);
      case 'NotIn':
        return !values.includes(labels[key]);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        throw new Error(`unknown selector operator ${operator}`);
    }
  });
}

/**
 * @typedef {{ namespace: string, namespaceLabels: Record<string, string>, labels: Record<string, string>,
 *   ports?: Record<string, number> }} Endpoint  a pod (`ports` maps port names to numbers)
 */

function peerMatches(peer, policyNamespace, other) {
  if (peer.ipBlock !== undefined) return other.external === true;
  if (other.external === true) return false;
  const namespaceOk =
    peer.namespaceSelector === undefined ? other.namespace === policyNamespace : matches(peer.namespaceSelector, other.namespaceLabels);
  return namespaceOk && matches(peer.podSelector, other.labels);
}

function portMatches(rulePorts, port, target) {
  if (rulePorts === undefined || rulePorts.length === 0) return true;
  return rulePorts.some((rule) => {
    const number = typeof rule.port === 'string' ? target.ports?.[rule.port] : rule.port;
    return rule.port === undefined || (number === port.number && (rule.protocol ?? 'TCP') === port.protocol);
  });
}

function allowedBy(policies, direction, self, other, port, portOwner) {
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  const selecting = policies.filter(
    (policy) =>
      (policy.metadata.namespace ?? self.namespace) === self.namespace &&
      matches(policy.spec.podSelector, self.labels) &&
      (policy.spec.policyTypes ?? ['Ingress']).includes(type),
  );
  if (selecting.length === 0) return true;
  return selecting.some((policy) =>
    (policy.spec[direction] ?? []).some((rule) => {
      const peers = rule[direction === 'ingress' ? 'from' : 'to'];
      const peerOk = peers === undefined || peers.length === 0 || peers.some((peer) => peerMatches(peer, self.namespace, other));
      return peerOk && portMatches(rule.ports, port, portOwner);
    }),
  );
}

/**
 * Whether `from` may open a connection to `to` on `port` under the policies.
 *
 * @param {object[]} policies rendered NetworkPolicy objects
 * @param {Endpoint & { external?: boolean }} from
 * @param {Endpoint & { external?: boolean }} to
 * @param {{ number: number, protocol?: string }} port
 */
export function canConnect(policies, from, to, port) {
  const resolved = { number: port.number, protocol: port.protocol ?? 'TCP' };
  const egressOk = from.external === true || allowedBy(policies, 'egress', from, to, resolved, to);
  const ingressOk = to.external === true || allowedBy(policies, 'ingress', to, from, resolved, to);
  return egressOk && ingressOk;
}
