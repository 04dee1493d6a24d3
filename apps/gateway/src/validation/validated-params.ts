import { Body, Query } from '@nestjs/common';
import { GatewayValidationPipe } from './gateway-validation.pipe';

// Per parameter rather than one global pipe (APP_PIPE): a global pipe runs on every parameter
// of every route, so each GET by id would pay Nest's async pipe chain (promises and a metadata
// object per pipe: with the id's pipe ~4 µs of the gateway's CPU per GET by id, in an A/B of the
// gateway alone against a fixed-answer backend, see README, Performance) only for the pipe to
// find nothing to validate. Lint keeps the safety net a global pipe gave: in the
// gateway's sources `@Body()`, `@Query()` and `@Param()` are refused (no-restricted-imports in
// eslint.config.mjs), so a request DTO cannot go unvalidated.

/** The JSON body, validated against its DTO class (VALIDATION_FAILED on any violation or unknown field). */
export const ValidBody = (): ParameterDecorator => Body(GatewayValidationPipe);

/** The query string, validated against its DTO class (VALIDATION_FAILED on any violation or unknown field). */
export const ValidQuery = (): ParameterDecorator => Query(GatewayValidationPipe);
