export { bootstrapGrpcService, DEREGISTRATION_GRACE_MS, drain, type GrpcServiceBootstrapOptions } from './bootstrap-grpc-service';
export { GrpcExceptionFilter } from './grpc-exception.filter';
export { grpcServerOptions, type GrpcServerOptions, PROTO_LOADER_OPTIONS, SERVER_KEEPALIVE } from './grpc-server-options';
export { GrpcServiceModule, type GrpcServiceModuleOptions } from './grpc-service.module';
