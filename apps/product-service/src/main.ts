import './instrument';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@acme/config';
import { productV1 } from '@acme/contracts';
import { DATABASE, type DatabaseHandle } from '@acme/database';
import { bootstrapGrpcService } from '@acme/grpc-server';
import { shutdownTracing } from '@acme/tracing';
import { AppModule } from './app.module';
import { configSchema } from './config';
import { PgStockChanges } from './infrastructure/pg-stock-changes.adapter';
import { APP_VERSION } from './version';

async function main(): Promise<void> {
  const config = loadConfig(configSchema);
  await bootstrapGrpcService({
    module: AppModule.forRoot(config),
    server: { url: `${config.GRPC_HOST}:${config.GRPC_PORT}`, protoFiles: [productV1.SERVICE_PROTO], packages: [productV1.PACKAGE] },
    instance: { name: 'product-service', version: APP_VERSION, port: config.GRPC_PORT },
    healthServices: [productV1.ProductServiceDefinition.fullName],
    readiness: (app) => () => app.get<DatabaseHandle>(DATABASE).ping(),
    drainMs: config.SHUTDOWN_DRAIN_MS,
    healthRecheckMs: config.HEALTH_RECHECK_MS,
    afterClose: () => shutdownTracing(),
    // WatchStock streams never end by themselves and would hold the drain for its whole
    // budget: end them (UNAVAILABLE, so callers reconnect elsewhere) once deregistered.
    beforeDrain: (app) => app.get(PgStockChanges).stop(),
  });
}

main().catch((error: unknown) => {
  new Logger('ProductService').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
