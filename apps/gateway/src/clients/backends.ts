import { orderV1, productV1, userV1 } from '@acme/contracts';
import { type AppConfig } from '../config';

/** A gRPC service the gateway calls: its registry name, grpc.health.v1 name and static address. */
export interface Backend {
  /** Name in the registry (Consul service, Kubernetes service). */
  readonly name: string;
  /** Fully qualified gRPC service, as grpc.health.v1 reports on it. */
  readonly grpcService: string;
  /** Address in static and dns modes. */
  readonly address: (config: AppConfig) => string;
}

export const USER_BACKEND: Backend = {
  name: 'user-service',
  grpcService: userV1.UserServiceDefinition.fullName,
  address: (config) => config.USER_SERVICE_TARGET,
};

export const PRODUCT_BACKEND: Backend = {
  name: 'product-service',
  grpcService: productV1.ProductServiceDefinition.fullName,
  address: (config) => config.PRODUCT_SERVICE_TARGET,
};

export const ORDER_BACKEND: Backend = {
  name: 'order-service',
  grpcService: orderV1.OrderServiceDefinition.fullName,
  address: (config) => config.ORDER_SERVICE_TARGET,
};

/** Every backend; readiness needs all of them. */
export const BACKENDS: readonly Backend[] = [USER_BACKEND, PRODUCT_BACKEND, ORDER_BACKEND];
