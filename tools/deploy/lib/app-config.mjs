// The config schemas of the built apps: `configSchema` exported by apps/<app>/dist/config.js
// (compiled from src/config.ts, the only place an app reads its environment).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { workspaceRoot } from './workspace.mjs';

/** The deployable apps, by Nx project name (also their compose service and container name). */
export const APPS = ['gateway', 'user-service', 'product-service', 'order-service'];

/**
 * Variables that reach a container without being app config: OpenTelemetry's standard
 * OTEL_* (read by the SDK itself), and POD_NAMESPACE, which the Kubernetes manifests define
 * only to expand $(POD_NAMESPACE) in other values.
 */
export function isPlatformVariable(name) {
  return name.startsWith('OTEL_') || name === 'POD_NAMESPACE';
}

const require = createRequire(import.meta.url);

/** The app's zod schema and its variable names. Throws, naming the fix, when it is not built. */
export function loadAppConfig(app, root = workspaceRoot) {
  const file = join(root, 'apps', app, 'dist', 'config.js');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: build the apps first (npx nx run-many -t build)`);
  }
  const { configSchema } = require(file);
  const shape = configSchema?.shape ?? configSchema?.in?.shape;
  if (shape === undefined || typeof configSchema.safeParse !== 'function') {
    throw new Error(`apps/${app}/src/config.ts must export \`configSchema\`, a zod object`);
  }
  return { schema: configSchema, variables: new Set(Object.keys(shape)) };
}

/**
 * What is wrong with the environment a deployment file gives an app: variables its schema
 * does not know (a rename or a typo the app would silently ignore) and values it rejects.
 *
 * @param {string} app
 * @param {Record<string, string>} env
 * @returns {string[]} problems, empty when the env is right
 */
export function envProblems(app, env) {
  const { schema } = loadAppConfig(app);
  const unknown = unknownVariables(app, Object.keys(env));
  const result = schema.safeParse(env);
  const invalid = result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return [...unknown, ...invalid];
}

/** The names among `names` that the app's schema does not define (platform variables aside). */
export function unknownVariables(app, names) {
  const { variables } = loadAppConfig(app);
  return names.filter((name) => !variables.has(name) && !isPlatformVariable(name)).map((name) => `${name}: not in apps/${app}/src/config.ts`);
}
