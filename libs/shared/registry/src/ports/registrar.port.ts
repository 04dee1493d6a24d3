import { type ServiceInstance } from './service-instance';

/** Registers this process' instance with a registry (kratos' Registrar). */
export interface Registrar {
  register(instance: ServiceInstance): Promise<void>;
  deregister(id: string): Promise<void>;
}

/**
 * Optional capability of a {@link Registrar}: whether the registry still holds an instance,
 * so that a registration lost by a registry restart can be restored.
 */
export interface RegistrationProbe {
  isRegistered(id: string): Promise<boolean>;
}

/** Whether a registrar can tell if an instance is still registered. */
export function isRegistrationProbe(registrar: Registrar): registrar is Registrar & RegistrationProbe {
  return typeof (registrar as Partial<RegistrationProbe>).isRegistered === 'function';
}
