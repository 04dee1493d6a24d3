import { Global, Module, type Provider } from '@nestjs/common';
import { orderV1, productV1, userV1 } from '@acme/contracts';
import { GrpcClients, type ServiceDefinition } from '@acme/grpc-client';
import { APP_CONFIG, type AppConfig } from '../config';
import { ORDER_CLIENT, PRODUCT_CLIENT, USER_CLIENT } from './backend-clients';
import { BackendRegistry } from './backend.registry';
import { type Backend, ORDER_BACKEND, PRODUCT_BACKEND, USER_BACKEND } from './backends';

function clientProvider(token: string, definition: ServiceDefinition, backend: Backend): Provider {
  return {
    provide: token,
    inject: [GrpcClients, BackendRegistry, APP_CONFIG],
    useFactory: (clients: GrpcClients, registry: BackendRegistry, config: AppConfig) => {
      const { target, serviceConfig } = registry.targetFor(backend);
      const roundRobin = serviceConfig.loadBalancingConfig.some((policy) => 'round_robin' in policy);
      return clients.create(definition, { target, defaultTimeoutMs: config.REQUEST_TIMEOUT_MS, loadBalancing: roundRobin ? 'round_robin' : 'pick_first' });
    },
  };
}

/**
 * The typed gRPC clients of the three backends (GrpcClients owns and closes the channels),
 * and the registry that locates them. Global: every resource module calls them.
 */
@Global()
@Module({
  providers: [
    BackendRegistry,
    clientProvider(USER_CLIENT, userV1.UserServiceDefinition, USER_BACKEND),
    clientProvider(PRODUCT_CLIENT, productV1.ProductServiceDefinition, PRODUCT_BACKEND),
    clientProvider(ORDER_CLIENT, orderV1.OrderServiceDefinition, ORDER_BACKEND),
  ],
  exports: [BackendRegistry, USER_CLIENT, PRODUCT_CLIENT, ORDER_CLIENT],
})
export class ClientsModule {}
