import { describe, expect, it } from 'vitest';
import { type RegistrationProbe, type Registrar } from '../ports/registrar.port';
import { type ServiceInstance } from '../ports/service-instance';
import { createServiceInstance } from './service-instance.factory';
import { ServiceRegistration } from './service.registration';
import { waitFor } from '@acme/testing';

/** An in-memory registry that can be told to fail or hang. */
class MemoryRegistrar implements Registrar, RegistrationProbe {
  readonly registered = new Map<string, ServiceInstance>();
  failuresLeft = 0;
  hang = false;
  attempts = 0;

  async register(instance: ServiceInstance): Promise<void> {
    this.attempts += 1;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('registry unavailable');
    }
    this.registered.set(instance.id, instance);
  }

  deregister(id: string): Promise<void> {
    if (this.hang) return new Promise(() => undefined);
    this.registered.delete(id);
    return Promise.resolve();
  }

  async isRegistered(id: string): Promise<boolean> {
    return this.registered.has(id);
  }
}

const silent = { log: () => undefined, warn: () => undefined };
const instance = createServiceInstance({ name: 'product-service', address: '10.0.0.7', port: 50052, version: '1.2.3', tags: ['grpc'] });

describe('createServiceInstance', () => {
  it('builds a unique id and advertises the version', () => {
    expect(instance.id).toMatch(/^product-service-.+-50052-[0-9a-f]{6}$/);
    expect(createServiceInstance({ name: 'product-service', address: 'x', port: 50052, version: '1' }).id).not.toBe(instance.id);
    expect(instance).toMatchObject({ name: 'product-service', address: '10.0.0.7', port: 50052, tags: ['grpc'], meta: { version: '1.2.3' } });
  });
});

describe('ServiceRegistration', () => {
  it('registers, and deregisters on stop', async () => {
    const registrar = new MemoryRegistrar();
    const registration = new ServiceRegistration({ registrar, instance, logger: silent, resyncIntervalMs: 0 });
    expect(await registration.start()).toBe(true);
    expect(registrar.registered.get(instance.id)).toEqual(instance);
    await registration.stop();
    expect(registrar.registered.size).toBe(0);
    expect(registration.registered).toBe(false);
  });

  it('keeps retrying with backoff when the registry is down at start', async () => {
    const registrar = new MemoryRegistrar();
    registrar.failuresLeft = 3;
    const registration = new ServiceRegistration({ registrar, instance, logger: silent, retryInitialMs: 5, resyncIntervalMs: 0 });
    expect(await registration.start()).toBe(false);
    await waitFor(() => registration.registered);
    expect(registrar.attempts).toBe(4);
    await registration.stop();
  });

  it('registers again when the registry lost the instance', async () => {
    const registrar = new MemoryRegistrar();
    const registration = new ServiceRegistration({ registrar, instance, logger: silent, resyncIntervalMs: 10 });
    await registration.start();
    registrar.registered.clear();
    await waitFor(() => registrar.registered.has(instance.id));
    await registration.stop();
  });

  it('bounds shutdown when the registry does not answer', async () => {
    const registrar = new MemoryRegistrar();
    const registration = new ServiceRegistration({ registrar, instance, logger: silent, resyncIntervalMs: 0, deregisterTimeoutMs: 50 });
    await registration.start();
    registrar.hang = true;
    const started = Date.now();
    await registration.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('does nothing without a registrar (static and dns modes)', async () => {
    const registration = new ServiceRegistration({ registrar: undefined, instance, logger: silent });
    expect(await registration.start()).toBe(false);
    await registration.stop();
  });
});
