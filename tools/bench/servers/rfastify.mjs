// Rfastify: Rlibs served by plain Fastify (the version @nestjs/platform-fastify brings, no Nest):
// one route, the same client path and CallContext, the body serialized by Fastify. What it costs
// over Rlibs is Fastify's; what Rours0 costs over it is NestJS's router and our gateway's hooks,
// metrics and validation (--ladder).
// Env: PORT, PRODUCT_SERVICE_TARGET (host:port).
import { createRequire } from 'node:module';
import { contracts, productToJson } from '../lib/contracts.mjs';
import { gatewayProductClient, inRequestContext } from './ladder-support.mjs';

// Fastify as @nestjs/platform-fastify resolves it, so both run the same version.
const platform = createRequire(import.meta.url).resolve('@nestjs/platform-fastify');
const fastify = createRequire(platform)('fastify')({ logger: false });
const { productV1 } = contracts();
const products = gatewayProductClient(productV1.ProductServiceDefinition, process.env.PRODUCT_SERVICE_TARGET);

fastify.addHook('preHandler', (request, reply, done) => inRequestContext(request.raw, reply.raw, done));
fastify.get('/v1/products/:id', async (request) => productToJson((await products.getProduct({ id: request.params.id })).product));
fastify.setErrorHandler((error, _request, reply) => {
  reply.code(502).type('application/problem+json').send({ status: 502, title: error.message });
});
await fastify.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
fastify.server.keepAliveTimeout = 65_000;
process.on('SIGTERM', () => {
  products.close();
  fastify.close().then(() => process.exit(0));
});
