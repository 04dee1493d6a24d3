import { type LoggerService } from '@nestjs/common';
import type Consul from 'consul';
import { createConsulClient } from '../consul/consul-client.factory';
import { ConsulDiscovery } from '../consul/consul.discovery';
import { type ConsulWatchSettings } from '../consul/consul-service.watcher';
import { ConsulRegistrar } from '../consul/consul.registrar';
import { DnsDiscovery } from '../dns/dns.discovery';
import { type Discovery, type RegistryStatusSource } from '../ports/discovery.port';
import { type RegistrationProbe, type Registrar } from '../ports/registrar.port';
import { ServiceRegistration } from '../registration/service.registration';
import { createServiceInstance, defaultAdvertiseAddress, type ServiceInstanceOptions } from '../registration/service-instance.factory';
import { registerConsulResolver } from '../resolver/discovery.resolver';
import { type DiscoveryMode, resolveTarget, type ResolvedTarget } from '../resolver/resolve-target';
import { StaticDiscovery } from '../static/static.discovery';
import { type RegistryEnv } from './registry.env';

/** Inputs of {@link createRegistry} besides the env settings. */
export interface RegistrySetupOptions {
  /** `host:port` (static) or headless `fqdn:port` (dns) per service name this process calls. */
  readonly addresses?: Readonly<Record<string, string>>;
  /** The grpc.health.v1 service name Consul checks on this process' instance; `''` = whole server. */
  readonly healthService?: string;
  /** Blocking-query wait and backoff of Consul discovery. */
  readonly watch?: Partial<ConsulWatchSettings>;
  readonly logger?: Pick<LoggerService, 'log' | 'warn'>;
}

/** Everything a process needs from the registry in the configured mode. */
export interface RegistrySetup {
  readonly mode: DiscoveryMode;
  readonly discovery: Discovery & RegistryStatusSource;
  /** Defined in consul mode only; elsewhere the platform routes to instances. */
  readonly registrar: (Registrar & RegistrationProbe) | undefined;
  /** The channel target and load-balancing config for a service this process calls. */
  targetFor(serviceName: string): ResolvedTarget;
  /** This instance's registration (advertising SERVICE_ADVERTISE_ADDRESS or the machine's address). */
  registrationFor(instance: Omit<ServiceInstanceOptions, 'address'> & { readonly address?: string }): ServiceRegistration;
  /** Stops discovery watches and releases the Consul client's sockets. */
  close(): void;
}

/**
 * Builds discovery, registration and channel targets for the configured mode. In consul
 * mode it also registers the `consul:///` grpc-js resolver for this process.
 *
 * @example
 * const registry = createRegistry(config, { addresses: { 'product-service': config.PRODUCT_SERVICE_ADDR } });
 * const { target, serviceConfig } = registry.targetFor('product-service');
 */
export function createRegistry(env: RegistryEnv, options: RegistrySetupOptions = {}): RegistrySetup {
  const mode = env.DISCOVERY_MODE;
  const addresses = options.addresses ?? {};
  let consul: Consul | undefined;
  let discovery: Discovery & RegistryStatusSource;
  let registrar: (Registrar & RegistrationProbe) | undefined;
  let closeDiscovery = (): void => undefined;

  switch (mode) {
    case 'static':
      discovery = new StaticDiscovery(addresses);
      break;
    case 'dns':
      discovery = new DnsDiscovery(addresses);
      break;
    case 'consul': {
      consul = createConsulClient({ address: env.CONSUL_HTTP_ADDR, token: env.CONSUL_HTTP_TOKEN });
      const consulDiscovery = new ConsulDiscovery({ client: consul, ...options.watch, logger: options.logger });
      closeDiscovery = () => consulDiscovery.close();
      discovery = consulDiscovery;
      registrar = new ConsulRegistrar({
        client: consul,
        check: {
          interval: env.CONSUL_CHECK_INTERVAL,
          timeout: env.CONSUL_CHECK_TIMEOUT,
          deregisterCriticalServiceAfter: env.CONSUL_DEREGISTER_CRITICAL_AFTER,
          healthService: options.healthService,
        },
      });
      registerConsulResolver(discovery);
      break;
    }
    default: {
      const unknownMode: never = mode;
      throw new Error(`unknown discovery mode ${String(unknownMode)}`);
    }
  }

  return {
    mode,
    discovery,
    registrar,
    targetFor: (serviceName) => resolveTarget(mode, serviceName, { address: addresses[serviceName] }),
    registrationFor: (instance) =>
      new ServiceRegistration({
        registrar,
        logger: options.logger,
        instance: createServiceInstance({
          ...instance,
          address: instance.address ?? env.SERVICE_ADVERTISE_ADDRESS ?? defaultAdvertiseAddress(),
        }),
      }),
    close: () => {
      closeDiscovery();
      consul?.destroy();
    },
  };
}
