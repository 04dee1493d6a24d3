import { Injectable, ValidationPipe } from '@nestjs/common';
import { type ValidationError } from 'class-validator';
import { validationFailed } from '../errors/edge-errors';
import { fieldViolationsOf } from './field-violations';

/**
 * Validates every DTO (body, query, params) and fails with VALIDATION_FAILED field errors.
 * No implicit conversion: a JSON `"42"` is not a number; query params, which are always
 * strings, convert explicitly in their DTOs. Unknown fields are refused, not dropped.
 */
@Injectable()
export class GatewayValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors: ValidationError[]) => validationFailed(fieldViolationsOf(errors)),
    });
  }
}
