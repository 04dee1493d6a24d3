import './instrument';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@acme/config';
import { shutdownTracing } from '@acme/tracing';
import { configSchema } from './config';
import { createGateway } from './gateway.factory';
import { SERVICE_NAME } from './service-info';
import { installGracefulShutdown } from './shutdown/graceful-shutdown';

async function main(): Promise<void> {
  const config = loadConfig(configSchema);
  const app = await createGateway(config);
  installGracefulShutdown(app, { drainMs: config.SHUTDOWN_DRAIN_MS, afterClose: () => shutdownTracing() });
  await app.listen(config.PORT, config.HOST);
  new Logger(SERVICE_NAME).log(`listening on ${await app.getUrl()} (API docs at /docs)`);
}

main().catch((error: unknown) => {
  new Logger(SERVICE_NAME).error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
