import './instrument';
import { Logger } from '@nestjs/common';
import { userV1 } from '@acme/contracts';
import { loadConfig } from '@acme/config';
import { DATABASE, type DatabaseHandle } from '@acme/database';
import { bootstrapGrpcService } from '@acme/grpc-server';
import { shutdownTracing } from '@acme/tracing';
import { AppModule } from './app.module';
import { configSchema } from './config';
import { APP_VERSION } from './version';

async function main(): Promise<void> {
  const config = loadConfig(configSchema);
  await bootstrapGrpcService({
    module: AppModule.forRoot(config),
    server: { url: `${config.GRPC_HOST}:${config.GRPC_PORT}`, protoFiles: [userV1.SERVICE_PROTO], packages: [userV1.PACKAGE] },
    instance: { name: 'user-service', version: APP_VERSION, port: config.GRPC_PORT },
    healthServices: [userV1.UserServiceDefinition.fullName],
    readiness: (app) => () => app.get<DatabaseHandle>(DATABASE).ping(),
    drainMs: config.SHUTDOWN_DRAIN_MS,
    healthRecheckMs: config.HEALTH_RECHECK_MS,
    afterClose: () => shutdownTracing(),
  });
}

main().catch((error: unknown) => {
  new Logger('UserService').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
