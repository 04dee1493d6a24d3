import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { Metrics } from '@acme/metrics';
import { type Channel } from '@grpc/grpc-js';
import { createGrpcChannel, type GrpcChannelOptions } from './create-grpc-channel';
import { createGrpcClient, type FinishedCall } from './create-grpc-client';
import { type GrpcClient, type ServiceDefinition } from './service-definition';

export const GRPC_CLIENTS_OPTIONS = 'GRPC_CLIENT:MODULE_OPTIONS';

export interface GrpcClientsOptions {
  /** Called when any client call ends; defaults to Metrics.recordClientCall when MetricsModule is imported. */
  readonly onCallEnd?: (call: FinishedCall) => void;
}

export interface ClientTarget {
  readonly target: string;
  readonly defaultTimeoutMs: number;
  readonly loadBalancing?: GrpcChannelOptions['loadBalancing'];
}

/**
 * Owns the process's gRPC channels: exactly one per target, created on first use, closed on
 * shutdown. Apps define a provider per backend client with `clients.create(...)`, located by
 * the registry: `clients.create(definition, { ...registry.targetFor('user-service'), defaultTimeoutMs })`.
 */
@Injectable()
export class GrpcClients implements OnApplicationShutdown {
  private readonly channels = new Map<string, Channel>();

  private readonly onCallEnd: ((call: FinishedCall) => void) | undefined;

  constructor(
    @Inject(GRPC_CLIENTS_OPTIONS) options: GrpcClientsOptions,
    // Present when the app imports MetricsModule: client RED metrics and the channel gauge.
    @Optional() @Inject(Metrics) private readonly metrics?: Metrics,
  ) {
    this.onCallEnd = options.onCallEnd ?? metrics?.recordClientCall;
  }

  /** A typed client for `definition` at `target.target`, on that target's shared channel. */
  create<D extends ServiceDefinition>(definition: D, target: ClientTarget): GrpcClient<D> {
    let channel = this.channels.get(target.target);
    if (channel === undefined) {
      channel = createGrpcChannel(target.target, { definitions: [definition], loadBalancing: target.loadBalancing });
      this.channels.set(target.target, channel);
      this.metrics?.setClientChannels(target.target, 1);
    }
    return createGrpcClient(definition, channel, { defaultTimeoutMs: target.defaultTimeoutMs, onCallEnd: this.onCallEnd });
  }

  /** Number of open channels (one per backend when healthy); reported by the soak benchmark. */
  get channelCount(): number {
    return this.channels.size;
  }

  onApplicationShutdown(): void {
    for (const [target, channel] of this.channels) {
      channel.close();
      this.metrics?.setClientChannels(target, 0);
    }
    this.channels.clear();
  }
}
