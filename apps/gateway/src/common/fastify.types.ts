import { type FastifyAdapter } from '@nestjs/platform-fastify';

// 'fastify' is a dependency of @nestjs/platform-fastify rather than of the workspace, so its
// types are read off the adapter's own signatures instead of importing the package.

/** Fastify's request, as the adapter hands it to handlers, guards and filters. */
export type FastifyRequest = Parameters<FastifyAdapter['getRequestHostname']>[0];

/** Fastify's reply. */
export type FastifyReply = Parameters<FastifyAdapter['redirect']>[0];

/** The Fastify instance under the adapter (hooks, content-type parsers, the HTTP server). */
export type FastifyInstance = ReturnType<FastifyAdapter['setNotFoundHandler']>;
