import { type ChannelCredentials, type ChannelOptions, Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { healthServiceDefinition, type HealthCheckResponse, type ServingStatus } from './health-proto';

/** Options of a {@link HealthCheckClient}. */
export interface HealthCheckClientOptions {
  /** Defaults to insecure (plaintext), as inside the cluster. */
  readonly credentials?: ChannelCredentials;
  /** grpc-js channel options, e.g. a `grpc.service_config` with a load-balancing policy. */
  readonly channelOptions?: ChannelOptions;
}

/**
 * A grpc.health.v1 client over one long-lived channel to `target` (any grpc-js target:
 * `host:port`, `dns:///...`, `consul:///...`).
 *
 * @example
 * const client = new HealthCheckClient('127.0.0.1:50052');
 * await client.check('acme.product.v1.ProductService'); // 'SERVING'
 * client.close();
 */
export class HealthCheckClient {
  private readonly client: Client;

  constructor(readonly target: string, options: HealthCheckClientOptions = {}) {
    this.client = new Client(target, options.credentials ?? credentials.createInsecure(), options.channelOptions);
  }

  /**
   * Calls Health/Check. Resolves with the reported status; rejects with the gRPC
   * `ServiceError` when the call fails (UNAVAILABLE, DEADLINE_EXCEEDED, NOT_FOUND for an
   * unknown service name).
   */
  check(service = '', timeoutMs = 1_000): Promise<ServingStatus> {
    const { Check } = healthServiceDefinition();
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        Check.path,
        Check.requestSerialize,
        Check.responseDeserialize,
        { service },
        new Metadata(),
        { deadline: Date.now() + timeoutMs },
        (error: ServiceError | null, response?: HealthCheckResponse) => {
          if (error) reject(error);
          else resolve(response?.status ?? 'UNKNOWN');
        },
      );
    });
  }

  /**
   * Calls Health/Watch and reports every status the server streams. `onEnd` runs once when
   * the stream ends, with the error unless it was cancelled by the returned function.
   */
  watch(service: string, listener: (status: ServingStatus) => void, onEnd?: (error?: ServiceError) => void): () => void {
    const { Watch } = healthServiceDefinition();
    const call = this.client.makeServerStreamRequest(Watch.path, Watch.requestSerialize, Watch.responseDeserialize, { service });
    // grpc-js may emit both 'error' and 'end' for one stream; report the first only.
    let done = false;
    const finish = (error?: ServiceError): void => {
      if (done) return;
      done = true;
      onEnd?.(error);
    };
    call.on('data', (response: HealthCheckResponse) => listener(response.status));
    call.on('error', (error: ServiceError) => finish(error));
    call.on('end', () => finish());
    return () => {
      done = true;
      call.cancel();
    };
  }

  /** Closes the channel. */
  close(): void {
    this.client.close();
  }
}

/**
 * One Health/Check on a fresh channel that is closed afterwards: what a prober does (Consul,
 * kubelet), so a restarted server on the same address is seen at once rather than after the
 * channel's reconnect backoff.
 */
export async function checkGrpcHealth(target: string, service = '', timeoutMs = 1_000): Promise<ServingStatus> {
  const client = new HealthCheckClient(target);
  try {
    return await client.check(service, timeoutMs);
  } finally {
    client.close();
  }
}
