import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayHarness } from '../spec/gateway.spec-helper';
import { bearer, expectProblem, json, jsonBody } from '../spec/http.spec-helper';

interface Operation {
  readonly parameters?: readonly { readonly name: string; readonly in: string }[];
  readonly requestBody?: { readonly content: Record<string, unknown> };
}

/** `METHOD /path` of every operation of the OpenAPI document, with what it reads. */
interface Route {
  readonly method: string;
  readonly path: string;
  readonly operation: Operation;
}

// DTO validation is per parameter (ValidBody, ValidQuery, IdParam), not a global pipe. Lint
// refuses the bare decorators; this checks the outcome on every route the gateway documents,
// so a route added later that reads its input unvalidated fails here whatever it imported.
describe('every route validates what it reads', () => {
  let gateway: GatewayHarness;
  let token: string;
  let routes: Route[];

  beforeAll(async () => {
    gateway = await GatewayHarness.start();
    const email = `validated-${randomUUID()}@example.com`;
    const password = 'correct horse battery';
    await gateway.fetch('/v1/users', jsonBody({ email, name: 'Val', password }));
    token = (await json<{ accessToken: string }>(await gateway.fetch('/v1/auth/token', jsonBody({ email, password })))).body.accessToken;
    const document = await json<{ paths: Record<string, Record<string, Operation>> }>(await gateway.fetch('/docs-json'));
    routes = Object.entries(document.body.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );
  });
  afterAll(async () => {
    await gateway?.close();
  });

  /** The route's path with `{id}` filled in (an unknown but well-formed id unless given). */
  const pathOf = (route: Route, id: string = randomUUID()): string => route.path.replace('{id}', id);

  it('refuses an unknown field in every JSON body: 400 VALIDATION_FAILED naming it', async () => {
    const reading = routes.filter((route) => route.operation.requestBody?.content['application/json'] !== undefined);
    expect(reading.map((route) => `${route.method} ${route.path}`).sort()).toEqual(
      ['POST /v1/auth/token', 'POST /v1/orders', 'POST /v1/products', 'POST /v1/users'].sort(),
    );
    for (const route of reading) {
      const problem = await expectProblem(await gateway.fetch(pathOf(route), jsonBody({ unexpectedField: 1 }, bearer(token), route.method)), 400, 'VALIDATION_FAILED');
      expect(problem.errors, `${route.method} ${route.path}`).toContainEqual({ field: 'unexpectedField', description: expect.stringContaining('should not exist') });
    }
  });

  it('refuses an unknown query parameter on every route with a query DTO', async () => {
    const reading = routes.filter((route) => route.operation.parameters?.some((parameter) => parameter.in === 'query'));
    expect(reading.map((route) => `${route.method} ${route.path}`).sort()).toEqual(['GET /v1/orders', 'GET /v1/products'].sort());
    for (const route of reading) {
      const problem = await expectProblem(await gateway.fetch(`${pathOf(route)}?unexpectedField=1`, { method: route.method, headers: bearer(token) }), 400, 'VALIDATION_FAILED');
      expect(problem.errors, `${route.method} ${route.path}`).toContainEqual({ field: 'unexpectedField', description: expect.stringContaining('should not exist') });
    }
  });

  it('refuses an id that is not a UUID on every route with `{id}`: 400 naming `id`, not a 404', async () => {
    const reading = routes.filter((route) => route.path.includes('{id}'));
    expect(reading.length).toBeGreaterThanOrEqual(5);
    for (const route of reading) {
      const init = route.method === 'GET' ? { headers: bearer(token) } : jsonBody({}, bearer(token), route.method);
      const problem = await expectProblem(await gateway.fetch(pathOf(route, 'not-a-uuid'), init), 400, 'VALIDATION_FAILED');
      expect(problem.errors, `${route.method} ${route.path}`).toEqual([{ field: 'id', description: 'id must be a UUID' }]);
    }
  });
});
