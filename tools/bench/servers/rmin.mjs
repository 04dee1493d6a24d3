// Rmin: the floor of what any gateway must pay. A hand-written node:http handler for
// GET /v1/products/{id} calling ProductService.GetProduct over one shared grpc-js channel
// (generated codecs, a deadline per call), answering the product as proto3 JSON.
// Env: PORT, PRODUCT_SERVICE_TARGET (host:port).
import { contracts, grpc, grpcServiceOf, productToJson } from '../lib/contracts.mjs';
import { send, serveProducts } from './minimal-http.mjs';

const { productV1 } = contracts();
const Client = grpc.makeGenericClientConstructor(grpcServiceOf(productV1.ProductServiceDefinition, ['getProduct']), 'ProductService');
const products = new Client(process.env.PRODUCT_SERVICE_TARGET, grpc.credentials.createInsecure());
const DEADLINE_MS = 5_000;

serveProducts(
  (id, res) =>
    products.getProduct({ id }, new grpc.Metadata(), { deadline: Date.now() + DEADLINE_MS }, (error, response) => {
      if (error) {
        const status = error.code === grpc.status.NOT_FOUND ? 404 : 502;
        send(res, status, { status, title: error.details });
      } else send(res, 200, productToJson(response.product));
    }),
  () => products.close(),
);
