import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';

/** The @nestjs/core majors whose patched files (nest-factory.js, router-execution-context.js) we checked. */
const SUPPORTED_NEST_VERSIONS = ['>=4.0.0 <13'];

/**
 * OpenTelemetry's NestJS instrumentation with NestJS 12 allowed.
 *
 * @opentelemetry/instrumentation-nestjs-core 0.71 declares `>=4.0.0 <12` and silently skips
 * NestJS 12, although the two files it patches kept their shape (checked against 12.5; the
 * tracing spec proves the spans appear). Drop this class for the upstream one once a release
 * that admits 12.x is installed.
 *
 * NestJS 12 ships as ESM, so the patch only applies with the ESM loader hook that
 * `startTracing` registers.
 */
export class NestCoreInstrumentation extends NestInstrumentation {
  override init(): ReturnType<NestInstrumentation['init']> {
    const definition = super.init();
    definition.supportedVersions = SUPPORTED_NEST_VERSIONS;
    for (const file of definition.files) file.supportedVersions = SUPPORTED_NEST_VERSIONS;
    return definition;
  }
}
