import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Path of Swagger UI; the OpenAPI JSON is at `/docs-json`. */
export const DOCS_PATH = 'docs';

/** Serves the OpenAPI document built from the controllers and DTOs, and Swagger UI over it. */
export function setupOpenApi(app: INestApplication, version: string): void {
  const config = new DocumentBuilder()
    .setTitle('Acme API')
    .setDescription('Users, products and orders. Errors are RFC 9457 problem details (application/problem+json) with a stable `code`.')
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
}
