// A local OTLP/HTTP receiver for Rours: accepts POST /v1/traces (and /v1/metrics, /v1/logs),
// reads and discards the body, answers an empty Export*ServiceResponse, and counts what came.
// GET /stats returns the counts as JSON. Env: PORT.
import { createServer } from 'node:http';

const stats = { requests: 0, bytes: 0, byPath: {} };

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    const body = JSON.stringify(stats);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  if (req.method !== 'POST' || !req.url?.startsWith('/v1/')) {
    res.writeHead(404, { 'content-length': 0 });
    res.end();
    return;
  }
  let bytes = 0;
  req.on('data', (chunk) => (bytes += chunk.length));
  req.on('end', () => {
    stats.requests += 1;
    stats.bytes += bytes;
    stats.byPath[req.url] = (stats.byPath[req.url] ?? 0) + 1;
    // An empty protobuf message is zero bytes; a JSON exporter gets `{}`.
    const json = (req.headers['content-type'] ?? '').includes('json');
    res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf', 'content-length': json ? 2 : 0 });
    res.end(json ? '{}' : undefined);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
