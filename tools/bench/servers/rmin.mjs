// Rmin: the floor of what any gateway must pay. A hand-written node:http handler for
// GET /v1/products/{id} calling ProductService.GetProduct over one shared grpc-js channel
// (generated codecs, a deadline per call), answering the product as proto3 JSON.
// Env: PORT, PRODUCT_SERVICE_TARGET (host:port).
import { createServer } from 'node:http';
import { contracts, grpc, grpcServiceOf, productToJson } from '../lib/contracts.mjs';

const { productV1 } = contracts();
const Client = grpc.makeGenericClientConstructor(grpcServiceOf(productV1.ProductServiceDefinition, ['getProduct']), 'ProductService');
const products = new Client(process.env.PRODUCT_SERVICE_TARGET, grpc.credentials.createInsecure());
const PREFIX = '/v1/products/';
const DEADLINE_MS = 5_000;

function send(res, status, body) {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': status < 400 ? 'application/json; charset=utf-8' : 'application/problem+json', 'content-length': bytes.length });
  res.end(bytes);
}

const server = createServer((req, res) => {
  const id = req.method === 'GET' && req.url?.startsWith(PREFIX) ? req.url.slice(PREFIX.length) : '';
  if (id === '' || id.includes('/')) {
    send(res, 404, { status: 404, title: 'Not Found' });
    return;
  }
  products.getProduct({ id }, new grpc.Metadata(), { deadline: Date.now() + DEADLINE_MS }, (error, response) => {
    if (error) {
      const status = error.code === grpc.status.NOT_FOUND ? 404 : 502;
      send(res, status, { status, title: error.details });
    } else send(res, 200, productToJson(response.product));
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  products.close();
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
