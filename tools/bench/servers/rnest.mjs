// Rnest: Rfastify's route as a bare NestJS controller on the Fastify adapter: Nest's router and
// its adapter's hooks, with the same client path and CallContext (a preHandler hook), and none
// of our gateway's hooks, metrics, pipes or filters. What it costs over Rfastify is NestJS's;
// what Rours0 costs over it is our gateway's own per-request work (--ladder).
// Env: PORT, PRODUCT_SERVICE_TARGET (host:port).
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { contracts, productToJson } from '../lib/contracts.mjs';
import { gatewayProductClient, inRequestContext } from './ladder-support.mjs';

const require = createRequire(import.meta.url);
const { Controller, Get, Module, Param } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const { productV1 } = contracts();
const products = gatewayProductClient(productV1.ProductServiceDefinition, process.env.PRODUCT_SERVICE_TARGET);

class ProductsController {
  async getById(id) {
    return productToJson((await products.getProduct({ id })).product);
  }
}
Param('id')(ProductsController.prototype, 'getById', 0);
Get(':id')(ProductsController.prototype, 'getById', Object.getOwnPropertyDescriptor(ProductsController.prototype, 'getById'));
Controller('v1/products')(ProductsController);
class AppModule {}
Module({ controllers: [ProductsController] })(AppModule);

const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false, bodyParser: false });
app.getHttpAdapter().getInstance().addHook('preHandler', (request, reply, done) => inRequestContext(request.raw, reply.raw, done));
await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  products.close();
  void app.close().then(() => process.exit(0));
});
