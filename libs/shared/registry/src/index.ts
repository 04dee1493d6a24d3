/**
 * Service registration and discovery (kratos-style ports and adapters): a static adapter
 * (the embedded default), Consul (registration with a grpc.health.v1 check, discovery with
 * blocking queries, a `consul:///` grpc-js resolver) and Kubernetes DNS.
 */
export { consulDuration, type RegistryEnv, registryEnvSchema } from './config/registry.env';
export { createRegistry, type RegistrySetup, type RegistrySetupOptions } from './config/registry.setup';
export { type ConsulConnectionOptions, createConsulClient } from './consul/consul-client.factory';
export { ConsulDiscovery, type ConsulDiscoveryOptions } from './consul/consul.discovery';
export { type ConsulCheckOptions, ConsulRegistrar, type ConsulRegistrarOptions } from './consul/consul.registrar';
export { type ConsulWatchSettings } from './consul/consul-service.watcher';
export { DnsDiscovery } from './dns/dns.discovery';
export {
  type Discovery,
  type InstancesListener,
  isRegistryStatusSource,
  type RegistryStatus,
  type RegistryStatusSource,
} from './ports/discovery.port';
export { isRegistrationProbe, type RegistrationProbe, type Registrar } from './ports/registrar.port';
export { instanceEndpoint, type ServiceInstance } from './ports/service-instance';
export { createServiceInstance, defaultAdvertiseAddress, type ServiceInstanceOptions } from './registration/service-instance.factory';
export { ServiceRegistration, type ServiceRegistrationOptions } from './registration/service.registration';
export { CONSUL_SCHEME, registerConsulResolver } from './resolver/discovery.resolver';
export {
  type DiscoveryMode,
  type LoadBalancingPolicyName,
  resolveTarget,
  type ResolvedTarget,
  type TargetConfig,
} from './resolver/resolve-target';
export { type HostPort, parseHostPort } from './static/host-port';
export { StaticDiscovery } from './static/static.discovery';
export { REGISTRY, RegistryModule, type RegistryModuleOptions } from './nest/registry.module';
export { type RegistrySetup as Registry } from './config/registry.setup';
