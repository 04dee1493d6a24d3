// The hand-written node:http parts Rmin and Rlibs share: the server, the route and the answer,
// no framework.
import { createServer } from 'node:http';

const PREFIX = '/v1/products/';

/** The id of `GET /v1/products/{id}`, or '' for any other request. */
function productIdOf(req) {
  const id = req.method === 'GET' && req.url?.startsWith(PREFIX) ? req.url.slice(PREFIX.length) : '';
  return id.includes('/') ? '' : id;
}

/** Sends `body` as JSON (problem+json from 400 up) with its length. */
export function send(res, status, body) {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': status < 400 ? 'application/json; charset=utf-8' : 'application/problem+json', 'content-length': bytes.length });
  res.end(bytes);
}

/** The answer to a request that is not `GET /v1/products/{id}`. */
function notFound(res) {
  send(res, 404, { status: 404, title: 'Not Found' });
}

/**
 * Serves `GET /v1/products/{id}` on PORT at 127.0.0.1: `answer(id, res)` answers it, anything
 * else is 404. On SIGTERM closes the client (`close`), the server and its keep-alive
 * connections, then exits.
 * @param {(id: string, res: import('node:http').ServerResponse, req: import('node:http').IncomingMessage) => void} answer
 * @param {() => void} close
 */
export function serveProducts(answer, close) {
  const server = createServer((req, res) => {
    const id = productIdOf(req);
    if (id === '') notFound(res);
    else answer(id, res, req);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  process.on('SIGTERM', () => {
    close();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
