// Rlibs: Rmin's hand-written node:http handler, but calling the product service the way our
// gateway does: @acme/grpc-client's channel (round_robin, retry policy, keepalive) and client
// (deadline and client span per call, request id in the metadata, cancellation on disconnect),
// inside a CallContext holding the request's deadline, disconnect signal and request id. No
// framework: what it costs over Rmin is the price of our gRPC client path alone (--ladder).
// Env: PORT, PRODUCT_SERVICE_TARGET (host:port).
import { contracts, productToJson } from '../lib/contracts.mjs';
import { gatewayProductClient, inRequestContext } from './ladder-support.mjs';
import { send, serveProducts } from './minimal-http.mjs';

const { productV1 } = contracts();
const products = gatewayProductClient(productV1.ProductServiceDefinition, process.env.PRODUCT_SERVICE_TARGET);

serveProducts(
  (id, res, req) =>
    inRequestContext(req, res, () =>
      products.getProduct({ id }).then(
        ({ product }) => send(res, 200, productToJson(product)),
        (error) => send(res, 502, { status: 502, title: error.message }),
      ),
    ),
  () => products.close(),
);
