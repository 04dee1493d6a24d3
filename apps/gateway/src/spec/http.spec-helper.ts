import { expect } from 'vitest';

/** problem+json as the gateway answers every error. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  traceId: string;
  errors?: { field: string; description: string }[];
}

/** Reads a response: JSON body and status. */
export async function json<T = Record<string, unknown>>(response: Response): Promise<{ status: number; headers: Headers; body: T }> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text === '' ? {} : JSON.parse(text)) as T };
}

/** Asserts an RFC 9457 problem with the status and code, and returns it. */
export async function expectProblem(response: Response, status: number, code: string): Promise<Problem> {
  const text = await response.text();
  expect(response.headers.get('content-type'), text).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(text) as Problem;
  expect(problem, text).toMatchObject({ status, code });
  expect(response.status).toBe(status);
  expect(problem.type).toMatch(/^https:\/\/acme\.dev\/problems\/[a-z-]+$/);
  expect(problem.title).toEqual(expect.any(String));
  expect(problem.detail).toEqual(expect.any(String));
  expect(problem.traceId).toMatch(/^[0-9a-f]{32}$/);
  return problem;
}

/** JSON request options. */
export function jsonBody(body: unknown, headers: Record<string, string> = {}, method = 'POST'): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** `Authorization: Bearer <token>`. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
