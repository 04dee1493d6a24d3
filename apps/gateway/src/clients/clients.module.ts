import { Global, Module, type Provider } from '@nestjs/common';
import { orderV1, productV1, userV1 } from '@acme/contracts';
import { GrpcClientModule, GrpcClients, type ServiceDefinition } from '@acme/grpc-client';
import { type Registry, REGISTRY, RegistryModule, registryEnvSchema } from '@acme/registry';
import { APP_CONFIG, type AppConfig } from '../config';
import { ORDER_CLIENT, PRODUCT_CLIENT, USER_CLIENT } from './backend-clients';
import { type Backend, BACKENDS, ORDER_BACKEND, PRODUCT_BACKEND, USER_BACKEND } from './backends';

function clientProvider(token: string, definition: ServiceDefinition, backend: Backend): Provider {
  return {
    provide: token,
    inject: [GrpcClients, REGISTRY, APP_CONFIG],
    useFactory: (clients: GrpcClients, registry: Registry, config: AppConfig) =>
      clients.create(definition, { ...registry.targetFor(backend.name), defaultTimeoutMs: config.REQUEST_TIMEOUT_MS }),
  };
}

/**
 * The typed gRPC clients of the three backends, one long-lived channel each (GrpcClients owns
 * and closes them, and reports calls and channels to the metrics), located by the registry in the
 * configured discovery mode: fixed addresses, Kubernetes DNS, or Consul.
 */
@Global()
@Module({
  imports: [
    // GrpcClients reports every call and the open channels to MetricsModule's Metrics.
    GrpcClientModule.forRoot(),
    RegistryModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        env: registryEnvSchema.parse({
          DISCOVERY_MODE: config.DISCOVERY_MODE,
          CONSUL_HTTP_ADDR: config.CONSUL_HTTP_ADDR,
          CONSUL_HTTP_TOKEN: config.CONSUL_HTTP_TOKEN,
        }),
        addresses: Object.fromEntries(BACKENDS.map((backend) => [backend.name, backend.address(config)])),
      }),
    }),
  ],
  providers: [
    clientProvider(USER_CLIENT, userV1.UserServiceDefinition, USER_BACKEND),
    clientProvider(PRODUCT_CLIENT, productV1.ProductServiceDefinition, PRODUCT_BACKEND),
    clientProvider(ORDER_CLIENT, orderV1.OrderServiceDefinition, ORDER_BACKEND),
  ],
  exports: [USER_CLIENT, PRODUCT_CLIENT, ORDER_CLIENT],
})
export class ClientsModule {}
