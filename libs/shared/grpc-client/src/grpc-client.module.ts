import { type DynamicModule, Module } from '@nestjs/common';
import { GRPC_CLIENTS_OPTIONS, GrpcClients, type GrpcClientsOptions } from './grpc-clients.service';

/**
 * Provides GrpcClients globally.
 *
 * @example
 * GrpcClientModule.forRoot({ onCallEnd: (call) => metrics.recordClientCall(call) })
 */
@Module({})
export class GrpcClientModule {
  static forRoot(options: GrpcClientsOptions = {}): DynamicModule {
    return {
      module: GrpcClientModule,
      global: true,
      providers: [{ provide: GRPC_CLIENTS_OPTIONS, useValue: options }, GrpcClients],
      exports: [GrpcClients],
    };
  }
}
