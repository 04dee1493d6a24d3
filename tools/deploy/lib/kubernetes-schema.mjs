// Validates Kubernetes objects offline against the OpenAPI schemas of a current release, as
// compiled by the `kubernetes-models` package (one validator per definition).
//
// Those schemas, like the API server's, do not forbid unknown fields, so a misspelt key
// (`imagePullPolicyy`, `readinessprobe`) would pass and then be dropped silently by the
// server. kubeconform rejects such keys in -strict mode; no npm package does, so this module
// adds it: every object is handed to the validator through a Proxy that records which
// properties the validator reads. A schema reads each property it defines (and enumerates
// the keys of free-form maps such as labels), so an own key it never read is unknown.

/** `apps/v1` + `Deployment` -> `IoK8sApiAppsV1Deployment` (the OpenAPI definition name). */
export function definitionName(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  const groupName = group.replace(/\.k8s\.io$/, '').split('.')[0];
  const pascal = (text) => text.charAt(0).toUpperCase() + text.slice(1);
  return `IoK8sApi${pascal(groupName)}${pascal(version)}${kind}`;
}

const validators = new Map();

async function validatorFor(apiVersion, kind) {
  const name = definitionName(apiVersion, kind);
  if (!validators.has(name)) {
    try {
      validators.set(name, (await import(`kubernetes-models/_schemas/${name}`)).validate);
    } catch (error) {
      if (!isInstalled()) throw new Error('kubernetes-models is not installed (npm install --save-dev kubernetes-models)');
      throw new Error(`no Kubernetes schema for ${apiVersion} ${kind} (${name}): ${error.message}`);
    }
  }
  return validators.get(name);
}

function isInstalled() {
  try {
    import.meta.resolve('kubernetes-models');
    return true;
  } catch {
    return false;
  }
}

// Wraps `root` so that every property the validator reads, on any nested object, is recorded.
function readTracker(root) {
  const records = new Map();
  const wrap = (value, path) => {
    if (value === null || typeof value !== 'object') return value;
    const known = records.get(value);
    if (known) return known.proxy;
    const record = { path, read: new Set(), enumerated: false };
    record.proxy = new Proxy(value, {
      get(target, key, receiver) {
        const child = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return child;
        record.read.add(key);
        return Object.hasOwn(target, key) ? wrap(child, `${path}/${key}`) : child;
      },
      has(target, key) {
        if (typeof key === 'string') record.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        record.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    records.set(value, record);
    return record.proxy;
  };
  const unknownFields = () =>
    [...records]
      .filter(([value, record]) => !Array.isArray(value) && !record.enumerated)
      .flatMap(([value, record]) => Object.keys(value).filter((key) => !record.read.has(key)).map((key) => `${record.path}/${key}`));
  return { proxy: wrap(root, ''), unknownFields };
}

/**
 * Schema errors of one object, as `path: problem` strings; empty when valid. Fails (rejects)
 * for a kind it has no schema for rather than letting it through unchecked.
 *
 * @param {{ apiVersion: string, kind: string }} object
 * @returns {Promise<string[]>}
 */
export async function schemaErrors(object) {
  const validate = await validatorFor(object.apiVersion, object.kind);
  const tracker = readTracker(structuredClone(object));
  const errors = validate(tracker.proxy)
    ? []
    : validate.errors.map((error) => `${error.instancePath || '/'}: ${error.keyword} ${JSON.stringify(error.params)}`);
  return [...errors, ...tracker.unknownFields().map((path) => `${path}: unknown field`)];
}
