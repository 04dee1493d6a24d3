// A ProductService whose GetProduct answers every id with the same product, encoded once, and
// nothing else: the backend of `--compare`, where two builds of the gateway are priced against
// each other and a database would only add noise both of them pay alike. Ids starting with
// `ffffffff` are NOT_FOUND, for the error path (`--compare-config Rours0-404`).
//
// Env: PORT.
import { contracts, grpc, grpcServiceOf } from '../lib/contracts.mjs';

const { productV1 } = contracts();
const [getProduct] = Object.values(grpcServiceOf(productV1.ProductServiceDefinition, ['getProduct']));

const now = Date.now();
const encoded = Buffer.from(
  productV1.GetProductResponse.encode({
    product: {
      id: '00000000-0000-4000-8000-000000000000',
      sku: 'BENCH-FIXED',
      name: 'Benchmark product',
      description: 'a fixed answer',
      priceCents: 1999,
      currency: 'EUR',
      stock: 100,
      createTime: { seconds: Math.floor(now / 1000), nanos: 0 },
      updateTime: { seconds: Math.floor(now / 1000), nanos: 0 },
    },
  }).finish(),
);

const server = new grpc.Server();
server.addService(
  // The answer's bytes go out as they are; the request is still decoded, as any server must.
  { getProduct: { ...getProduct, responseSerialize: (bytes) => bytes } },
  {
    getProduct: (call, callback) =>
      call.request.id.startsWith('ffffffff') ? callback({ code: grpc.status.NOT_FOUND, details: `product ${call.request.id} not found` }) : callback(null, encoded),
  },
);
const port = await new Promise((resolve, reject) =>
  server.bindAsync(`127.0.0.1:${process.env.PORT ?? 0}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
);
process.stdout.write(`${JSON.stringify({ listening: port })}\n`);
process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
