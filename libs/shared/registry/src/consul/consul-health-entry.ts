import { type ServiceInstance } from '../ports/service-instance';

/** The parts of a `/v1/health/service/:name` entry that discovery reads. */
export interface ConsulHealthEntry {
  readonly Node?: { readonly Address?: string };
  readonly Service?: {
    readonly ID?: string;
    readonly Service?: string;
    readonly Address?: string;
    readonly Port?: number;
    readonly Tags?: readonly string[] | null;
    readonly Meta?: Readonly<Record<string, string>> | null;
  };
}

/**
 * Maps health entries to instances, sorted by id so that equal lists compare equal. An
 * empty service address means "the node's address", as Consul documents.
 */
export function toServiceInstances(name: string, entries: unknown): ServiceInstance[] {
  if (!Array.isArray(entries)) return [];
  const instances: ServiceInstance[] = [];
  for (const entry of entries as ConsulHealthEntry[]) {
    const service = entry.Service;
    const address = service?.Address || entry.Node?.Address;
    if (!service?.ID || !address || !service.Port) continue;
    instances.push({
      id: service.ID,
      name: service.Service ?? name,
      address,
      port: service.Port,
      tags: [...(service.Tags ?? [])],
      meta: { ...(service.Meta ?? {}) },
    });
  }
  return instances.sort((a, b) => a.id.localeCompare(b.id));
}

/** Whether two sorted instance lists are the same (ids, addresses, tags and meta). */
export function sameInstances(a: readonly ServiceInstance[], b: readonly ServiceInstance[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
