import { type AgentState } from '../agent/agent.state';
import { type AgentCheck, type CheckStatus } from '../agent/agent-model';
import { parseGoDuration } from '../agent/go-duration';
import { probe, type ProbeResult } from './probes';

/** Consul's default check timeout. */
const DEFAULT_TIMEOUT_MS = 10_000;

interface Schedule {
  timer: NodeJS.Timeout | undefined;
  /** Results of a run that started under another schedule are dropped. */
  readonly generation: number;
  successes: number;
  failures: number;
}

/**
 * Runs the agent's checks as Consul does: GRPC/HTTP/TCP probes every Interval (the first one
 * after a random stagger within the interval, like the agent) with Timeout, honouring
 * SuccessBeforePassing/FailuresBeforeCritical; TTL checks turn critical when not updated
 * within their TTL.
 */
export class CheckRunner {
  private readonly schedules = new Map<string, Schedule>();
  private generation = 0;

  constructor(
    private readonly state: AgentState,
    private readonly stagger: boolean,
  ) {}

  /** (Re)starts a check, dropping any run in progress for the same ID. */
  schedule(check: AgentCheck): void {
    this.cancel(check.CheckID);
    const schedule: Schedule = { timer: undefined, generation: ++this.generation, successes: 0, failures: 0 };
    this.schedules.set(check.CheckID, schedule);
    const { definition } = check;
    if (definition.kind === 'ttl') {
      this.armTtl(check.CheckID, schedule);
      return;
    }
    const intervalMs = parseGoDuration(definition.Interval) ?? 10_000;
    const firstDelay = this.stagger ? Math.random() * intervalMs : 0;
    schedule.timer = setTimeout(() => void this.run(check, schedule, intervalMs), firstDelay);
  }

  /** A TTL update (`/v1/agent/check/pass|warn|fail/:id`): records it and restarts the TTL. */
  updateTtl(checkId: string, status: CheckStatus, output: string): boolean {
    const check = this.state.check(checkId);
    const schedule = this.schedules.get(checkId);
    if (!check || !schedule || check.definition.kind !== 'ttl') return false;
    this.state.updateCheck(checkId, status, output);
    this.armTtl(checkId, schedule);
    return true;
  }

  cancel(checkId: string): void {
    const schedule = this.schedules.get(checkId);
    clearTimeout(schedule?.timer);
    this.schedules.delete(checkId);
  }

  cancelAll(): void {
    for (const id of [...this.schedules.keys()]) this.cancel(id);
  }

  private armTtl(checkId: string, schedule: Schedule): void {
    clearTimeout(schedule.timer);
    const ttlMs = parseGoDuration(this.state.check(checkId)?.definition.TTL) ?? 0;
    schedule.timer = setTimeout(() => {
      if (this.schedules.get(checkId) === schedule) this.state.updateCheck(checkId, 'critical', 'TTL expired');
    }, ttlMs);
  }

  private async run(check: AgentCheck, schedule: Schedule, intervalMs: number): Promise<void> {
    const timeoutMs = parseGoDuration(check.definition.Timeout) ?? DEFAULT_TIMEOUT_MS;
    const result = await probe(check.definition, timeoutMs);
    if (this.schedules.get(check.CheckID) !== schedule) return;
    this.record(check.CheckID, schedule, result);
    schedule.timer = setTimeout(() => void this.run(check, schedule, intervalMs), intervalMs);
  }

  private record(checkId: string, schedule: Schedule, result: ProbeResult): void {
    const check = this.state.check(checkId);
    if (!check) return;
    if (result.status === 'passing') {
      schedule.successes += 1;
      schedule.failures = 0;
      const needed = Math.max(1, check.definition.SuccessBeforePassing);
      this.state.updateCheck(checkId, schedule.successes >= needed ? 'passing' : check.Status, result.output);
    } else if (result.status === 'critical') {
      schedule.failures += 1;
      schedule.successes = 0;
      const needed = Math.max(1, check.definition.FailuresBeforeCritical);
      this.state.updateCheck(checkId, schedule.failures >= needed ? 'critical' : check.Status, result.output);
    } else {
      this.state.updateCheck(checkId, result.status, result.output);
    }
  }
}
