import { randomUUID } from 'node:crypto';
import { type IncomingHttpHeaders } from 'node:http';

/** The header that carries a request id in and out, and that the gateway forwards as gRPC metadata. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids a caller may choose: short and printable, so a header cannot forge log lines. */
const ACCEPTED_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * A request's id: the caller's `x-request-id` when it looks sane, else a new UUID. Fastify's
 * `genReqId` in an HTTP app, so `request.id` is this id; `registerHttpTelemetry` (@acme/interceptors)
 * echoes it in the response so a client can quote it when reporting a problem.
 */
export function requestIdFor(headers: IncomingHttpHeaders): string {
  const incoming = headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
