import { type AgentCheck, type AgentNode, type AgentService, type CheckDefinition, type CheckStatus } from './agent-model';

/** A service registration after validation (see `parseRegistration`). */
export interface ServiceRegistrationInput {
  readonly service: Omit<AgentService, 'CreateIndex' | 'ModifyIndex'>;
  readonly checks: readonly {
    readonly CheckID: string;
    readonly Name: string;
    readonly Notes: string;
    readonly Status: CheckStatus;
    readonly definition: CheckDefinition;
  }[];
}

type ChangeListener = (serviceName: string) => void;

/** The first index after a (re)start; real agents start well above zero too. */
const INITIAL_INDEX = 10;

/**
 * The agent's and catalog's state (one node): services, their checks, and the Raft-like
 * index that blocking queries wait on. Every change that alters a query's result raises the
 * index of the service it concerns; output-only check updates do not, as in Consul (which
 * syncs output changes lazily).
 */
export class AgentState {
  private index = INITIAL_INDEX;
  private readonly services = new Map<string, AgentService>();
  private readonly checks = new Map<string, AgentCheck>();
  private readonly serviceIndexes = new Map<string, number>();
  private readonly listeners = new Set<ChangeListener>();

  constructor(readonly node: AgentNode) {}

  /** The index of the whole catalog (X-Consul-Index of catalog/agent listings). */
  get currentIndex(): number {
    return this.index;
  }

  /** The index of one service's last change (X-Consul-Index of its health and catalog queries). */
  indexOf(serviceName: string): number {
    return this.serviceIndexes.get(serviceName) ?? 1;
  }

  /** Hears the name of the service behind every index change. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  service(id: string): AgentService | undefined {
    return this.services.get(id);
  }

  allServices(): AgentService[] {
    return [...this.services.values()];
  }

  check(id: string): AgentCheck | undefined {
    return this.checks.get(id);
  }

  allChecks(): AgentCheck[] {
    return [...this.checks.values()];
  }

  checksOf(serviceId: string): AgentCheck[] {
    return this.allChecks().filter((check) => check.ServiceID === serviceId);
  }

  /**
   * Adds or replaces a service and its checks. A check that keeps its ID keeps its status,
   * so an idempotent re-registration does not flap the instance. Returns the checks to run.
   */
  register(input: ServiceRegistrationInput): AgentCheck[] {
    const index = this.bump();
    const previous = this.services.get(input.service.ID);
    const previousChecks = new Map(this.checksOf(input.service.ID).map((check) => [check.CheckID, check]));
    for (const id of previousChecks.keys()) this.checks.delete(id);
    this.services.set(input.service.ID, { ...input.service, CreateIndex: previous?.CreateIndex ?? index, ModifyIndex: index });
    const now = Date.now();
    const checks = input.checks.map((check): AgentCheck => {
      const kept = previousChecks.get(check.CheckID);
      const status = kept?.Status ?? check.Status;
      return {
        CheckID: check.CheckID,
        Name: check.Name,
        Notes: check.Notes,
        Status: status,
        Output: kept?.Output ?? '',
        ServiceID: input.service.ID,
        ServiceName: input.service.Service,
        ServiceTags: input.service.Tags,
        definition: check.definition,
        CreateIndex: kept?.CreateIndex ?? index,
        ModifyIndex: index,
        criticalSince: status === 'critical' ? (kept?.criticalSince ?? now) : undefined,
      };
    });
    for (const check of checks) this.checks.set(check.CheckID, check);
    if (previous && previous.Service !== input.service.Service) this.touch(previous.Service, index);
    this.touch(input.service.Service, index);
    return checks;
  }

  /** Removes a service and its checks; false if there was none. */
  deregister(serviceId: string): boolean {
    const service = this.services.get(serviceId);
    if (!service) return false;
    const index = this.bump();
    this.services.delete(serviceId);
    for (const check of this.checksOf(serviceId)) this.checks.delete(check.CheckID);
    this.touch(service.Service, index);
    return true;
  }

  /** Records a check result; the index moves only when the status does. */
  updateCheck(checkId: string, status: CheckStatus, output: string): void {
    const check = this.checks.get(checkId);
    if (!check) return;
    check.Output = output;
    if (check.Status === status) return;
    const index = this.bump();
    check.Status = status;
    check.ModifyIndex = index;
    check.criticalSince = status === 'critical' ? Date.now() : undefined;
    this.touch(check.ServiceName, index);
  }

  /** Services with a check critical for longer than its DeregisterCriticalServiceAfter. */
  reapable(now: number, durationOf: (value: string | undefined) => number | undefined): string[] {
    const ids = new Set<string>();
    for (const check of this.checks.values()) {
      const after = durationOf(check.definition.DeregisterCriticalServiceAfter);
      if (after !== undefined && check.criticalSince !== undefined && now - check.criticalSince >= after) ids.add(check.ServiceID);
    }
    return [...ids];
  }

  /** Forgets everything, index included: an agent restarted without a data dir. */
  reset(): void {
    const names = new Set([...this.services.values()].map((service) => service.Service));
    this.services.clear();
    this.checks.clear();
    this.serviceIndexes.clear();
    this.index = INITIAL_INDEX;
    for (const name of names) this.emit(name);
  }

  private bump(): number {
    this.index += 1;
    return this.index;
  }

  private touch(serviceName: string, index: number): void {
    this.serviceIndexes.set(serviceName, index);
    this.emit(serviceName);
  }

  private emit(serviceName: string): void {
    for (const listener of this.listeners) listener(serviceName);
  }
}
