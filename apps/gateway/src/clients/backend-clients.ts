import { type orderV1, type productV1, type userV1 } from '@acme/contracts';
import { type GrpcClient } from '@acme/grpc-client';

/** DI tokens of the gRPC clients, one shared channel per backend. */
export const USER_CLIENT = 'GATEWAY:USER_CLIENT';
export const PRODUCT_CLIENT = 'GATEWAY:PRODUCT_CLIENT';
export const ORDER_CLIENT = 'GATEWAY:ORDER_CLIENT';

export type UserClient = GrpcClient<typeof userV1.UserServiceDefinition>;
export type ProductClient = GrpcClient<typeof productV1.ProductServiceDefinition>;
export type OrderClient = GrpcClient<typeof orderV1.OrderServiceDefinition>;
