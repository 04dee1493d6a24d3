// The HTTP app of http-request.spec.ts (a gateway in miniature), imported after startTracing.
import { Controller, Get, type INestApplication, Module, NotFoundException, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { type DestinationStream } from 'pino';
import { CallContext } from '@acme/context';
import { LoggingModule } from '@acme/logging';
import { MetricsModule } from '@acme/metrics';
import { InterceptorsModule } from '../interceptors.module';

@Controller('things')
class ThingsController {
  @Get('gone/:id')
  gone(@Param('id') id: string): never {
    throw new NotFoundException(`thing ${id} is gone`);
  }

  @Get(':id')
  thing(@Param('id') id: string): { id: string; hasCallContext: boolean } {
    return { id, hasCallContext: CallContext.current() !== undefined };
  }
}

export async function startGateway(destination: DestinationStream): Promise<{ app: INestApplication; url: string }> {
  @Module({
    imports: [
      LoggingModule.forRoot({ service: 'gateway', version: '0.0.1', level: 'info', pretty: false, destination }),
      MetricsModule.forRoot({ service: 'gateway' }),
      InterceptorsModule,
    ],
    controllers: [ThingsController],
  })
  class GatewayModule {}

  const app = await NestFactory.create(GatewayModule, new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}
