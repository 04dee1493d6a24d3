import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type Channel } from '@grpc/grpc-js';
import { createGrpcChannel, type GrpcChannelOptions } from './create-grpc-channel';
import { createGrpcClient, type FinishedCall } from './create-grpc-client';
import { type GrpcClient, type ServiceDefinition } from './service-definition';

export const GRPC_CLIENTS_OPTIONS = 'GRPC_CLIENT:MODULE_OPTIONS';

export interface GrpcClientsOptions {
  /** Called when any client call ends (metrics). */
  readonly onCallEnd?: (call: FinishedCall) => void;
}

export interface ClientTarget {
  readonly target: string;
  readonly defaultTimeoutMs: number;
  readonly loadBalancing?: GrpcChannelOptions['loadBalancing'];
}

/**
 * Owns the process's gRPC channels: exactly one per target, created on first use, closed on
 * shutdown. Apps define a provider per backend client with `clients.create(...)`.
 */
@Injectable()
export class GrpcClients implements OnApplicationShutdown {
  private readonly channels = new Map<string, Channel>();

  constructor(@Inject(GRPC_CLIENTS_OPTIONS) private readonly options: GrpcClientsOptions) {}

  /** A typed client for `definition` at `target.target`, on that target's shared channel. */
  create<D extends ServiceDefinition>(definition: D, target: ClientTarget): GrpcClient<D> {
    let channel = this.channels.get(target.target);
    if (channel === undefined) {
      channel = createGrpcChannel(target.target, { definitions: [definition], loadBalancing: target.loadBalancing });
      this.channels.set(target.target, channel);
    }
    return createGrpcClient(definition, channel, { defaultTimeoutMs: target.defaultTimeoutMs, onCallEnd: this.options.onCallEnd });
  }

  /** Number of open channels (one per backend when healthy); reported by the soak benchmark. */
  get channelCount(): number {
    return this.channels.size;
  }

  onApplicationShutdown(): void {
    for (const channel of this.channels.values()) channel.close();
    this.channels.clear();
  }
}
