import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';

/** The header that carries a request id in and out, and that the gateway forwards as gRPC metadata. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids a caller may choose: short and printable, so a header cannot forge log lines. */
const ACCEPTED_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The request's id: the caller's `x-request-id` when it looks sane, else a new UUID. Echoed in
 * the response header so a client can quote it when reporting a problem.
 */
export function requestId(request: IncomingMessage, response: ServerResponse): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
