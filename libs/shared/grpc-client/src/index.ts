export { CLIENT_KEEPALIVE, createGrpcChannel, type GrpcChannelOptions } from './create-grpc-channel';
export { createGrpcClient, type FinishedCall, type GrpcClientOptions } from './create-grpc-client';
export { GrpcClientModule } from './grpc-client.module';
export { type ClientTarget, GrpcClients, type GrpcClientsOptions } from './grpc-clients.service';
export { buildServiceConfig, DEFAULT_RETRY, type LoadBalancingPolicy, type RetryOptions } from './service-config';
export {
  type CallOptions,
  type GrpcClient,
  isIdempotent,
  type MessageCodec,
  type MethodDefinition,
  type RequestOf,
  type ResponseOf,
  type ServiceDefinition,
} from './service-definition';
