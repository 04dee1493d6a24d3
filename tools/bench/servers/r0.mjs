// R0: the machine's ceiling. A bare node:http server answering GET /v1/products/{id} with a
// fixed JSON body shaped like the gateway's answer, no backend call.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 0);
const body = Buffer.from(
  JSON.stringify({
    id: '00000000-0000-4000-8000-000000000000',
    sku: 'BENCH-R0',
    name: 'Benchmark product',
    description: 'a fixed answer',
    priceCents: 1999,
    currency: 'EUR',
    stock: 100,
    createTime: '2026-01-01T00:00:00.000Z',
    updateTime: '2026-01-01T00:00:00.000Z',
  }),
);
const PREFIX = '/v1/products/';

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url?.startsWith(PREFIX)) {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
    return;
  }
  res.writeHead(404, { 'content-length': 0 });
  res.end();
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
