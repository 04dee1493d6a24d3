/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS child process, started by path */
// A process logging through LoggingModule to its real stdout (no destination given), for
// logging.module.spec.ts: one line at start, one more right before exiting when stdin says so.
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { LoggingModule, PinoLogger } = require('@acme/logging');

class AppModule {}
Module({ imports: [LoggingModule.forRoot({ service: 'stdout-child', version: '0.0.0', level: 'info', pretty: false })] })(AppModule);

void (async () => {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  const logger = await app.resolve(PinoLogger);
  logger.info('first line');
  process.stdin.once('data', () => {
    logger.info('last line');
    process.exit(0);
  });
})();
