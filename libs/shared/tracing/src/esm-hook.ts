import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Only these ESM packages go through import-in-the-middle; everything else loads untouched. */
const HOOKED_ESM_PACKAGES = [/\/node_modules\/@nestjs\/core\//];

/**
 * Registers OpenTelemetry's ESM loader hook (import-in-the-middle), limited to @nestjs/core.
 *
 * NestJS 12 is ESM-only: `require('@nestjs/core')` from our CommonJS output loads an ES module
 * graph that require-in-the-middle never sees. The hook is the loader OpenTelemetry documents
 * for ESM (`@opentelemetry/instrumentation/hook.mjs`); the include list keeps every other module
 * out of it, so only the package we patch pays for the wrapping.
 */
export function registerEsmHook(): void {
  // Resolved here (not by name inside register) so the dependency is a plain require.resolve
  // that packaging tools see, and the hook comes from this package's own node_modules.
  register(pathToFileURL(require.resolve('@opentelemetry/instrumentation/hook.mjs')), pathToFileURL(__filename), {
    data: { include: HOOKED_ESM_PACKAGES },
  });
}
