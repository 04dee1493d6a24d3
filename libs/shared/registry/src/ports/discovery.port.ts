import { type ServiceInstance } from './service-instance';

/** Receives the complete current instance list of a service on every change. */
export type InstancesListener = (instances: ServiceInstance[]) => void;

/** Finds the instances of a service and follows their changes (kratos' Discovery). */
export interface Discovery {
  /** The healthy instances of a service now (the last known ones if the registry is down). */
  getService(name: string): Promise<ServiceInstance[]>;
  /**
   * Calls `listener` with the current healthy instances and again on every change; `onError`
   * hears registry failures (the listener keeps the last list meanwhile). Returns the
   * function that stops watching.
   */
  watch(name: string, listener: InstancesListener, onError?: (error: Error) => void): () => void;
}

/** Whether the registry behind a {@link Discovery} answered lately. */
export interface RegistryStatus {
  readonly reachable: boolean;
  /** The last failure while unreachable. */
  readonly error?: string;
}

/** Optional capability of a {@link Discovery}: reports whether its registry is reachable. */
export interface RegistryStatusSource {
  registryStatus(): RegistryStatus;
}

/** Whether a discovery reports its registry's reachability. */
export function isRegistryStatusSource(discovery: Discovery): discovery is Discovery & RegistryStatusSource {
  return typeof (discovery as Partial<RegistryStatusSource>).registryStatus === 'function';
}
