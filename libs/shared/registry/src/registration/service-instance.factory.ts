import { randomBytes } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import { type ServiceInstance } from '../ports/service-instance';

/** Inputs of {@link createServiceInstance}. */
export interface ServiceInstanceOptions {
  readonly name: string;
  /** The address other processes (and Consul's check) reach this one at. */
  readonly address: string;
  /** The port the gRPC server actually listens on. */
  readonly port: number;
  /** Build version, advertised as `meta.version`. */
  readonly version: string;
  readonly tags?: readonly string[];
  readonly meta?: Readonly<Record<string, string>>;
}

/**
 * This process' instance with a unique id: `<name>-<host>-<port>-<random>`, readable in the
 * Consul UI and unique even when a restarted process reuses host and port.
 */
export function createServiceInstance(options: ServiceInstanceOptions): ServiceInstance {
  const host = hostname().replace(/[^a-zA-Z0-9-]/g, '-');
  return {
    id: `${options.name}-${host}-${options.port}-${randomBytes(3).toString('hex')}`,
    name: options.name,
    address: options.address,
    port: options.port,
    tags: [...(options.tags ?? [])],
    meta: { ...options.meta, version: options.version },
  };
}

/**
 * The first non-internal IPv4 address of this machine (a container's own address under
 * docker-compose), else 127.0.0.1: a sensible address to advertise when none is configured.
 */
export function defaultAdvertiseAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const external = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (external) return external.address;
  }
  return '127.0.0.1';
}
