import { applyDecorators } from '@nestjs/common';
import { ApiDefaultResponse, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '@acme/errors';
import { ProblemResponse } from './problem.response';

/** Documents that every error of the routes is `application/problem+json`. */
export const ApiProblemResponses = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiExtraModels(ProblemResponse),
    ApiDefaultResponse({
      description: 'Any error, as RFC 9457 problem details',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemResponse) } } },
    }),
  );
