// The HTTP app of logging.module.spec.ts, imported after startTracing like an app's modules.
import { Controller, Get, type INestApplication, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { type DestinationStream } from 'pino';
import { Logger, PinoLogger } from 'nestjs-pino';
import { LoggingModule } from '../logging.module';

@Controller('users')
class UsersController {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext(UsersController.name);
  }

  @Get(':id')
  getUser(@Param('id') id: string): { id: string } {
    this.logger.info({ input: { password: 'hunter2', name: 'ada' }, accessToken: 'secret-token' }, 'looking up user');
    if (id === 'boom') throw new Error('database on fire');
    return { id };
  }
}

export async function startLoggedApp(destination: DestinationStream): Promise<{ app: INestApplication; url: string }> {
  @Module({
    imports: [LoggingModule.forRoot({ service: 'logging-spec', version: '1.2.3', level: 'info', pretty: false, destination })],
    controllers: [UsersController],
  })
  class AppModule {}

  const app = await NestFactory.create(AppModule, new FastifyAdapter(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}
