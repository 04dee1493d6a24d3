/** Health of a check, worst last. */
export type CheckStatus = 'passing' | 'warning' | 'critical';

/** The kinds of checks the double runs. */
export type CheckKind = 'grpc' | 'http' | 'tcp' | 'ttl';

/** What a registered check probes, as given in the registration (Consul field names). */
export interface CheckDefinition {
  readonly kind: CheckKind;
  readonly GRPC?: string;
  readonly GRPCUseTLS?: boolean;
  readonly HTTP?: string;
  readonly Method?: string;
  readonly Header?: Readonly<Record<string, readonly string[]>>;
  readonly Body?: string;
  readonly TCP?: string;
  readonly TTL?: string;
  readonly Interval?: string;
  readonly Timeout?: string;
  readonly DeregisterCriticalServiceAfter?: string;
  readonly SuccessBeforePassing: number;
  readonly FailuresBeforeCritical: number;
}

/** A service check as the agent holds it. */
export interface AgentCheck {
  readonly CheckID: string;
  readonly Name: string;
  Status: CheckStatus;
  Notes: string;
  Output: string;
  readonly ServiceID: string;
  readonly ServiceName: string;
  readonly ServiceTags: readonly string[];
  readonly definition: CheckDefinition;
  readonly CreateIndex: number;
  ModifyIndex: number;
  /** When the check last turned critical (for DeregisterCriticalServiceAfter). */
  criticalSince: number | undefined;
}

/** A service instance as the agent holds it. */
export interface AgentService {
  readonly ID: string;
  readonly Service: string;
  readonly Tags: readonly string[];
  readonly Address: string;
  readonly Port: number;
  readonly Meta: Readonly<Record<string, string>>;
  readonly TaggedAddresses: Readonly<Record<string, { Address: string; Port: number }>>;
  readonly Weights: { readonly Passing: number; readonly Warning: number };
  readonly EnableTagOverride: boolean;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

/** The single node the double plays. */
export interface AgentNode {
  readonly ID: string;
  readonly Node: string;
  readonly Address: string;
  readonly Datacenter: string;
}
