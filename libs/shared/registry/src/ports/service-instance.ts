/**
 * One running instance of a service, as registered and discovered (kratos' ServiceInstance).
 * `name` is the logical service name (`product-service`); `id` is unique per instance.
 */
export interface ServiceInstance {
  readonly id: string;
  readonly name: string;
  /** The address clients dial: an IP or a host name. */
  readonly address: string;
  readonly port: number;
  readonly tags: readonly string[];
  /** Free-form metadata; `version` carries the build version. */
  readonly meta: Readonly<Record<string, string>>;
}

/** `host:port` of an instance, bracketing IPv6 literals. */
export function instanceEndpoint(instance: Pick<ServiceInstance, 'address' | 'port'>): string {
  return instance.address.includes(':') ? `[${instance.address}]:${instance.port}` : `${instance.address}:${instance.port}`;
}
