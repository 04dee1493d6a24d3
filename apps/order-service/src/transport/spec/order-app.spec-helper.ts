import { type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions } from '@nestjs/microservices';
import { loadConfig } from '@acme/config';
import { orderV1 } from '@acme/contracts';
import { createGrpcChannel, createGrpcClient, type GrpcClient } from '@acme/grpc-client';
import { grpcServerOptions } from '@acme/grpc-server';
import { AppModule } from '../../app.module';
import { configSchema } from '../../config';

export interface RunningOrderService {
  readonly app: INestMicroservice;
  readonly client: GrpcClient<typeof orderV1.OrderServiceDefinition>;
  close(): Promise<void>;
}

/** The real order microservice (AppModule) on `port`, configured by `env`, and a client to it. */
export async function startOrderService(port: number, env: Record<string, string>): Promise<RunningOrderService> {
  const config = loadConfig(configSchema, { NODE_ENV: 'test', LOG_LEVEL: 'silent', GRPC_HOST: '127.0.0.1', GRPC_PORT: String(port), METRICS_PORT: '0', ...env });
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule.forRoot(config), {
    ...grpcServerOptions({ url: `127.0.0.1:${port}`, protoFiles: [orderV1.SERVICE_PROTO], packages: [orderV1.PACKAGE] }),
    logger: false,
  });
  await app.listen();
  const channel = createGrpcChannel(`127.0.0.1:${port}`, { definitions: [orderV1.OrderServiceDefinition] });
  const client = createGrpcClient(orderV1.OrderServiceDefinition, channel, { defaultTimeoutMs: 10_000 });
  return {
    app,
    client,
    close: async () => {
      channel.close();
      await app.close();
    },
  };
}
