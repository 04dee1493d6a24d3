import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayHarness } from '../spec/gateway.spec-helper';
import { bearer, expectProblem, json, jsonBody } from '../spec/http.spec-helper';

describe('users and tokens through the gateway', () => {
  let gateway: GatewayHarness;
  let alice: { id: string; email: string; token: string };
  const password = 'correct horse battery';

  beforeAll(async () => {
    gateway = await GatewayHarness.start();
    const email = `alice-${randomUUID()}@example.com`;
    const created = await json<{ id: string }>(await gateway.fetch('/v1/users', jsonBody({ email, name: 'Alice', password })));
    const token = await json<{ accessToken: string }>(await gateway.fetch('/v1/auth/token', jsonBody({ email, password })));
    alice = { id: created.body.id, email, token: token.body.accessToken };
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('registers a user: 201, Location, camelCase JSON with an RFC 3339 createTime, no password', async () => {
    const email = `Bob-${randomUUID()}@Example.com`;
    const response = await gateway.fetch('/v1/users', jsonBody({ email, name: 'Bob', password }));
    const { status, headers, body } = await json<Record<string, string>>(response);
    expect(status).toBe(201);
    expect(body).toEqual({ id: expect.any(String), email, name: 'Bob', createTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/) });
    expect(headers.get('location')).toBe(`/v1/users/${body['id']}`);
    expect(JSON.stringify(body)).not.toContain(password);
  });

  it('passes the user service reason through: 409 EMAIL_ALREADY_EXISTS', async () => {
    await expectProblem(await gateway.fetch('/v1/users', jsonBody({ email: alice.email.toUpperCase(), name: 'Again', password })), 409, 'EMAIL_ALREADY_EXISTS');
  });

  it('issues a bearer token for good credentials and 401 INVALID_CREDENTIALS for bad ones', async () => {
    const token = await json(await gateway.fetch('/v1/auth/token', jsonBody({ email: alice.email, password })));
    expect(token).toMatchObject({ status: 200, body: { accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 300 } });
    const refused = await gateway.fetch('/v1/auth/token', jsonBody({ email: alice.email, password: 'wrong password' }));
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectProblem(refused, 401, 'INVALID_CREDENTIALS');
  });

  it('serves /v1/users/me and /v1/users/{id} with a valid token', async () => {
    const me = await json(await gateway.fetch('/v1/users/me', { headers: bearer(alice.token) }));
    expect(me).toMatchObject({ status: 200, body: { id: alice.id, email: alice.email, name: 'Alice' } });
    const byId = await json(await gateway.fetch(`/v1/users/${alice.id}`, { headers: bearer(alice.token) }));
    expect(byId).toMatchObject({ status: 200, body: { id: alice.id } });
  });

  it.each([
    ['no Authorization header', {}],
    ['another scheme', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
    ['a token that is not a JWT', bearer('not.a.jwt')],
    ['a token signed by another key', bearer('eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')],
  ])('refuses %s with 401 UNAUTHENTICATED and WWW-Authenticate: Bearer', async (_case, headers) => {
    const response = await gateway.fetch('/v1/users/me', { headers });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectProblem(response, 401, 'UNAUTHENTICATED');
  });

  it('answers 404 USER_NOT_FOUND for an unknown id and 400 VALIDATION_FAILED for a malformed one', async () => {
    await expectProblem(await gateway.fetch(`/v1/users/${randomUUID()}`, { headers: bearer(alice.token) }), 404, 'USER_NOT_FOUND');
    const problem = await expectProblem(await gateway.fetch('/v1/users/not-a-uuid', { headers: bearer(alice.token) }), 400, 'VALIDATION_FAILED');
    expect(problem.errors?.map((e) => e.field)).toEqual(['id']);
  });

  it('validates the registration body without calling the service: wrong types, short password, unknown fields', async () => {
    const calls = gateway.stubs.count('createUser');
    const problem = await expectProblem(
      await gateway.fetch('/v1/users', jsonBody({ email: 42, name: 'x', password: 'short', admin: true })),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['admin', 'email', 'password']);
    expect(gateway.stubs.count('createUser')).toBe(calls);
  });
});
