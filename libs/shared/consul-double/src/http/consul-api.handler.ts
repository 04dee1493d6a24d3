import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type AgentState } from '../agent/agent.state';
import { type AgentService, type CheckStatus } from '../agent/agent-model';
import { parseGoDuration } from '../agent/go-duration';
import { type CheckRunner } from '../checks/check.runner';
import { agentServiceJson, catalogEntryJson, checkJson, healthEntryJson } from './consul-json';
import { HttpError } from './http-error';
import { parseRegistration } from './registration.parser';

/** Consul's documented blocking-query bounds. */
const DEFAULT_WAIT_MS = 5 * 60_000;
const MAX_WAIT_MS = 10 * 60_000;

interface Reply {
  readonly body: unknown;
  /** X-Consul-Index, on endpoints that support blocking queries. */
  readonly index?: number;
}

/**
 * Consul's HTTP API, for the endpoints the project uses: agent service register/deregister
 * and listing, TTL check updates, health and catalog queries with `passing`, `tag` and
 * blocking queries (index + wait, X-Consul-Index), status/leader, ACL token checks.
 */
export class ConsulApiHandler {
  constructor(
    private readonly state: AgentState,
    private readonly runner: CheckRunner,
    private readonly aclToken: string | undefined,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://consul');
    try {
      this.authorize(req, url);
      const reply = await this.route(req.method ?? 'GET', url, req, res);
      if (res.destroyed) return;
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Consul-Knownleader': 'true', 'X-Consul-Lastcontact': '0' };
      if (reply.index !== undefined) headers['X-Consul-Index'] = String(reply.index);
      res.writeHead(200, headers).end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    } catch (error) {
      if (res.destroyed) return;
      const status = error instanceof HttpError ? error.status : 500;
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(error instanceof Error ? error.message : String(error));
    }
  }

  private authorize(req: IncomingMessage, url: URL): void {
    if (!this.aclToken) return;
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = header(req, 'x-consul-token') ?? bearer ?? url.searchParams.get('token') ?? undefined;
    if (!token) throw new HttpError(403, 'Permission denied: anonymous token lacks permission');
    if (token !== this.aclToken) throw new HttpError(403, 'ACL not found');
  }

  private async route(method: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<Reply> {
    const path = url.pathname.replace(/\/+$/, '');
    const param = (prefix: string): string | undefined =>
      path.startsWith(prefix) && path.length > prefix.length ? decodeURIComponent(path.slice(prefix.length)) : undefined;
    const allow = (expected: string): void => {
      if (method !== expected) throw new HttpError(405, `method ${method} not allowed`);
    };

    if (path === '/v1/agent/service/register') {
      allow('PUT');
      return this.register(await readJson(req));
    }
    const deregisterId = param('/v1/agent/service/deregister/');
    if (deregisterId !== undefined) {
      allow('PUT');
      return this.deregister(deregisterId);
    }
    if (path === '/v1/agent/services') {
      allow('GET');
      return { body: Object.fromEntries(this.state.allServices().map((s) => [s.ID, agentServiceJson(this.state.node, s)])) };
    }
    const agentServiceId = param('/v1/agent/service/');
    if (agentServiceId !== undefined) {
      allow('GET');
      const service = this.state.service(agentServiceId);
      if (!service) throw new HttpError(404, `unknown service ID: ${agentServiceId}`);
      return { body: agentServiceJson(this.state.node, service) };
    }
    if (path === '/v1/agent/checks') {
      allow('GET');
      return { body: Object.fromEntries(this.state.allChecks().map((c) => [c.CheckID, checkJson(this.state.node, c)])) };
    }
    const ttl = /^\/v1\/agent\/check\/(pass|warn|fail|update)\/(.+)$/.exec(path);
    if (ttl?.[1] && ttl[2]) {
      allow('PUT');
      return this.updateTtl(ttl[1], decodeURIComponent(ttl[2]), url, req);
    }
    const healthName = param('/v1/health/service/');
    if (healthName !== undefined) {
      allow('GET');
      const index = await this.block(url, res, () => this.state.indexOf(healthName));
      return { index, body: this.healthEntries(healthName, url) };
    }
    const checksName = param('/v1/health/checks/');
    if (checksName !== undefined) {
      allow('GET');
      const index = await this.block(url, res, () => this.state.indexOf(checksName));
      const checks = this.state.allChecks().filter((c) => c.ServiceName === checksName);
      return { index, body: checks.map((c) => checkJson(this.state.node, c)) };
    }
    if (path === '/v1/catalog/services') {
      allow('GET');
      const index = await this.block(url, res, () => this.state.currentIndex);
      return { index, body: this.catalogServices() };
    }
    const catalogName = param('/v1/catalog/service/');
    if (catalogName !== undefined) {
      allow('GET');
      const index = await this.block(url, res, () => this.state.indexOf(catalogName));
      return { index, body: this.instancesOf(catalogName, url).map((s) => catalogEntryJson(this.state.node, s)) };
    }
    if (path === '/v1/status/leader') return { body: `${this.state.node.Address}:8300` };
    if (path === '/v1/status/peers') return { body: [`${this.state.node.Address}:8300`] };
    throw new HttpError(404, '404 page not found');
  }

  private register(body: unknown): Reply {
    const input = parseRegistration(body);
    const before = this.state.checksOf(input.service.ID).map((check) => check.CheckID);
    const checks = this.state.register(input);
    for (const id of before) if (!checks.some((check) => check.CheckID === id)) this.runner.cancel(id);
    for (const check of checks) this.runner.schedule(check);
    return { body: undefined };
  }

  private deregister(id: string): Reply {
    const checks = this.state.checksOf(id);
    if (!this.state.deregister(id)) throw new HttpError(404, `Unknown service ID "${id}". Ensure that the service ID is passed, not the service name.`);
    for (const check of checks) this.runner.cancel(check.CheckID);
    return { body: undefined };
  }

  private async updateTtl(action: string, checkId: string, url: URL, req: IncomingMessage): Promise<Reply> {
    let status: CheckStatus;
    let output = url.searchParams.get('note') ?? '';
    if (action === 'update') {
      const body = await readJson(req);
      const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      const requested = record['Status'];
      if (requested !== 'passing' && requested !== 'warning' && requested !== 'critical') throw new HttpError(400, 'Invalid check status');
      status = requested;
      output = typeof record['Output'] === 'string' ? record['Output'] : '';
    } else {
      status = action === 'pass' ? 'passing' : action === 'warn' ? 'warning' : 'critical';
    }
    if (!this.runner.updateTtl(checkId, status, output)) throw new HttpError(404, `Unknown check ID "${checkId}"`);
    return { body: undefined };
  }

  /**
   * A blocking query: with `?index=N` (N > 0) the answer waits until the resource's index
   * exceeds N or `wait` (default 5m, at most 10m, plus up to wait/16 jitter) elapses.
   */
  private async block(url: URL, res: ServerResponse, indexOf: () => number): Promise<number> {
    const rawIndex = url.searchParams.get('index');
    if (rawIndex === null || rawIndex === '') return indexOf();
    const minIndex = Number(rawIndex);
    if (!Number.isInteger(minIndex) || minIndex < 0) throw new HttpError(400, 'Invalid index');
    const rawWait = url.searchParams.get('wait');
    const wait = rawWait ? parseGoDuration(rawWait) : DEFAULT_WAIT_MS;
    if (wait === undefined) throw new HttpError(400, 'Invalid wait time');
    const waitMs = Math.min(wait, MAX_WAIT_MS);
    if (minIndex === 0 || indexOf() > minIndex) return indexOf();
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        unsubscribe();
        res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, waitMs + Math.random() * (waitMs / 16));
      const unsubscribe = this.state.onChange(() => {
        if (indexOf() > minIndex) done();
      });
      res.on('close', done);
    });
    return indexOf();
  }

  private instancesOf(name: string, url: URL): AgentService[] {
    const tag = url.searchParams.get('tag');
    return this.state
      .allServices()
      .filter((service) => service.Service === name && (!tag || service.Tags.includes(tag)))
      .sort((a, b) => a.ID.localeCompare(b.ID));
  }

  private healthEntries(name: string, url: URL): unknown[] {
    const passingParam = url.searchParams.get('passing');
    const passingOnly = passingParam !== null && passingParam !== 'false' && passingParam !== '0';
    return this.instancesOf(name, url)
      .map((service) => ({ service, checks: this.state.checksOf(service.ID) }))
      .filter(({ checks }) => !passingOnly || checks.every((check) => check.Status === 'passing'))
      .map(({ service, checks }) => healthEntryJson(this.state.node, service, checks));
  }

  private catalogServices(): Record<string, string[]> {
    const services: Record<string, Set<string>> = {};
    for (const service of this.state.allServices()) {
      const tags = (services[service.Service] ??= new Set<string>());
      for (const tag of service.Tags) tags.add(tag);
    }
    return Object.fromEntries(Object.entries(services).map(([name, tags]) => [name, [...tags]]));
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Request decode failed: invalid JSON');
  }
}
