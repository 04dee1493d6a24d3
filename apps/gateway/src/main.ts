import './instrument';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@acme/config';
import { configSchema } from './config';
import { createGateway } from './gateway.factory';
import { installGracefulShutdown } from './shutdown/graceful-shutdown';

async function bootstrap(): Promise<void> {
  const config = loadConfig(configSchema);
  const app = await createGateway(config);
  installGracefulShutdown(app, { drainMs: config.SHUTDOWN_DRAIN_MS });
  await app.listen(config.PORT, config.HOST);
  new Logger('Bootstrap').log(`gateway listening on http://${config.HOST}:${config.PORT} (docs at /docs)`);
}

bootstrap().catch((error: unknown) => {
  new Logger('Bootstrap').error('gateway failed to start', error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
