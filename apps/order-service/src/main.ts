import './instrument';
import { type INestMicroservice, Logger } from '@nestjs/common';
import { loadConfig } from '@acme/config';
import { orderV1 } from '@acme/contracts';
import { DATABASE, type DatabaseHandle } from '@acme/database';
import { bootstrapGrpcService } from '@acme/grpc-server';
import { shutdownTracing } from '@acme/tracing';
import { AppModule } from './app.module';
import { configSchema } from './config';
import { SERVICE_NAME, SERVICE_VERSION } from './service-info';

async function main(): Promise<void> {
  const config = loadConfig(configSchema);
  await bootstrapGrpcService({
    module: AppModule.forRoot(config),
    server: { url: `${config.GRPC_HOST}:${config.GRPC_PORT}`, protoFiles: [orderV1.SERVICE_PROTO], packages: [orderV1.PACKAGE] },
    instance: { name: SERVICE_NAME, version: SERVICE_VERSION, port: config.GRPC_PORT },
    healthServices: [`${orderV1.PACKAGE}.${orderV1.ORDER_SERVICE_NAME}`],
    readiness: (app: INestMicroservice) => () => app.get<DatabaseHandle>(DATABASE).ping(),
    drainMs: config.SHUTDOWN_DRAIN_MS,
    healthRecheckMs: config.HEALTH_RECHECK_MS,
    afterClose: () => shutdownTracing(),
  });
}

main().catch((error: unknown) => {
  new Logger(SERVICE_NAME).error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
