// The HTTP app of http-request.spec.ts (a gateway in miniature), imported after startTracing.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { BadRequestException, type CanActivate, Controller, Get, type INestApplication, Module, NotFoundException, Param, Post, UnauthorizedException, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type DestinationStream } from 'pino';
import { CallContext } from '@acme/context';
import { Logger, LoggingModule, PinoLogger, requestIdFor } from '@acme/logging';
import { Metrics, MetricsModule } from '@acme/metrics';
import { tracedRequestListener } from '@acme/tracing';
import { registerHttpTelemetry } from '../http-telemetry.hooks';

class DenyAll implements CanActivate {
  canActivate(): boolean {
    throw new UnauthorizedException('no token');
  }
}

/** The deadline the app's `callContext` puts in every handler's CallContext. */
export const CALL_DEADLINE = new Date('2030-01-01T00:00:00.000Z');

/** The slow route's handler (GET and POST): `entered` resolves when a request is in it; resolving `gate` lets it answer. */
export const slow = { entered: Promise.withResolvers<void>(), gate: Promise.withResolvers<void>() };

@Controller('things')
class ThingsController {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext(ThingsController.name);
  }

  @Get('gone/:id')
  gone(@Param('id') id: string): never {
    throw new NotFoundException(`thing ${id} is gone`);
  }

  @Get('secret/:id')
  @UseGuards(DenyAll)
  secret(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Get('slow')
  async slowThing(): Promise<{ done: true }> {
    slow.entered.resolve();
    await slow.gate.promise;
    return { done: true };
  }

  @Post('slow')
  slowPost(): Promise<{ done: true }> {
    return this.slowThing();
  }

  @Get('boom')
  boom(): never {
    throw new Error('database on fire');
  }

  @Get(':id')
  async thing(@Param('id') id: string): Promise<{ id: string; requestId?: string; deadline?: string }> {
    await Promise.resolve();
    this.logger.info({ input: { password: 'hunter2', name: 'ada' } }, 'looking up thing');
    return { id, requestId: CallContext.current()?.requestId, deadline: CallContext.current()?.deadline?.toISOString() };
  }
}

export async function startGateway(destination: DestinationStream): Promise<{ app: INestApplication; url: string }> {
  @Module({
    imports: [
      LoggingModule.forRoot({ service: 'gateway', version: '0.0.1', level: 'info', pretty: false, destination }),
      MetricsModule.forRoot({ service: 'gateway' }),
    ],
    controllers: [ThingsController],
  })
  class GatewayModule {}

  const adapter = new FastifyAdapter({
    genReqId: (request: IncomingMessage) => requestIdFor(request.headers),
    // As the gateway does: each request in its HTTP server span, which registerHttpTelemetry names.
    serverFactory: (handler: (request: IncomingMessage, response: ServerResponse) => void) => createServer(tracedRequestListener(handler)),
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  registerHttpTelemetry(app.getHttpAdapter().getInstance(), {
    logger: PinoLogger.root,
    metrics: app.get(Metrics),
    // As the gateway's deadlines: more of the CallContext, or a refusal.
    callContext: (request) => {
      if (request.headers['x-refuse'] !== undefined) throw new BadRequestException('refused by callContext');
      return { deadline: CALL_DEADLINE };
    },
  });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}
