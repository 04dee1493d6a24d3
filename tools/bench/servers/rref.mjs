// Rref: a gateway written the way NestJS's own gRPC sample writes one (sample/04-grpc): the
// Express adapter, ClientsModule registering a Transport.GRPC client loaded by proto-loader from
// the .proto files, a controller returning the client's Observable. No logging, no tracing, no
// validation, no error mapping.
//
// Plain ESM has no decorator syntax, so the decorators are applied as the functions they are.
// If @nestjs/platform-express is not installed, the Fastify adapter stands in and the startup
// line says so (the harness reports the adapter used).
// Env: PORT, PRODUCT_SERVICE_TARGET (host:port).
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { contracts } from '../lib/contracts.mjs';

const require = createRequire(import.meta.url);
const { Controller, Get, Inject, Module, Param } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { ClientsModule, Transport } = require('@nestjs/microservices');
const { map } = require('rxjs');
const { productV1, protoPath, PROTO_DIR } = contracts();

const PRODUCT_PACKAGE = 'PRODUCT_PACKAGE';

class ProductsController {
  constructor(client) {
    this.client = client;
  }

  onModuleInit() {
    this.productService = this.client.getService('ProductService');
  }

  getById(id) {
    return this.productService.getProduct({ id }).pipe(map((response) => response.product));
  }
}
Inject(PRODUCT_PACKAGE)(ProductsController, undefined, 0);
Param('id')(ProductsController.prototype, 'getById', 0);
Get(':id')(ProductsController.prototype, 'getById', Object.getOwnPropertyDescriptor(ProductsController.prototype, 'getById'));
Controller('v1/products')(ProductsController);

class AppModule {}
Module({
  imports: [
    ClientsModule.register([
      {
        name: PRODUCT_PACKAGE,
        transport: Transport.GRPC,
        options: {
          url: process.env.PRODUCT_SERVICE_TARGET,
          package: productV1.PACKAGE,
          protoPath: protoPath(productV1.SERVICE_PROTO),
          loader: { keepCase: false, longs: Number, enums: Number, defaults: true, arrays: true, objects: true, oneofs: true, includeDirs: [PROTO_DIR] },
        },
      },
    ]),
  ],
  controllers: [ProductsController],
})(AppModule);

function adapter() {
  try {
    const { ExpressAdapter } = require('@nestjs/platform-express');
    return { name: 'express', instance: new ExpressAdapter() };
  } catch {
    const { FastifyAdapter } = require('@nestjs/platform-fastify');
    return { name: 'fastify (stand-in: @nestjs/platform-express is not installed)', instance: new FastifyAdapter() };
  }
}

const chosen = adapter();
const app = await NestFactory.create(AppModule, chosen.instance, { logger: false });
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.stdout.write(`${JSON.stringify({ listening: true, adapter: chosen.name })}\n`);
