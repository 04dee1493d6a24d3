import { checkGrpcHealth } from '@acme/health';
import { connect } from 'node:net';
import { type CheckDefinition, type CheckStatus } from '../agent/agent-model';

/** One check execution's outcome. */
export interface ProbeResult {
  readonly status: CheckStatus;
  readonly output: string;
}

/** Splits a GRPC check target `host:port/service` (the service part is optional). */
function splitGrpcTarget(value: string): { target: string; service: string } {
  const slash = value.indexOf('/');
  return slash < 0 ? { target: value, service: '' } : { target: value.slice(0, slash), service: value.slice(slash + 1) };
}

async function probeGrpc(definition: CheckDefinition, timeoutMs: number): Promise<ProbeResult> {
  const value = definition.GRPC ?? '';
  if (definition.GRPCUseTLS) return { status: 'critical', output: 'GRPCUseTLS is not supported by the Consul double' };
  const { target, service } = splitGrpcTarget(value);
  try {
    const status = await checkGrpcHealth(target, service, timeoutMs);
    return status === 'SERVING'
      ? { status: 'passing', output: `gRPC check ${value}: success` }
      : { status: 'critical', output: `gRPC check ${value}: failed with status ${status}` };
  } catch (error) {
    return { status: 'critical', output: `gRPC check ${value}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function probeHttp(definition: CheckDefinition, timeoutMs: number): Promise<ProbeResult> {
  const url = definition.HTTP ?? '';
  const method = definition.Method ?? 'GET';
  const headers = new Headers();
  for (const [name, values] of Object.entries(definition.Header ?? {})) for (const value of values) headers.append(name, value);
  try {
    const response = await fetch(url, { method, headers, body: definition.Body, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    const body = (await response.text()).slice(0, 4_096);
    const output = `HTTP ${method} ${url}: ${response.status} ${response.statusText} Output: ${body}`;
    // Consul: 2xx is passing, 429 Too Many Requests is warning, anything else critical.
    if (response.status >= 200 && response.status < 300) return { status: 'passing', output };
    return { status: response.status === 429 ? 'warning' : 'critical', output };
  } catch (error) {
    return { status: 'critical', output: `HTTP ${method} ${url}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function probeTcp(definition: CheckDefinition, timeoutMs: number): Promise<ProbeResult> {
  const value = definition.TCP ?? '';
  const colon = value.lastIndexOf(':');
  const host = value.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(value.slice(colon + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (result: ProbeResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done({ status: 'passing', output: `TCP connect ${value}: Success` }));
    socket.once('timeout', () => done({ status: 'critical', output: `dial tcp ${value}: i/o timeout` }));
    socket.once('error', (error) => done({ status: 'critical', output: `dial tcp ${value}: ${error.message}` }));
  });
}

/** Runs one GRPC, HTTP or TCP check (TTL checks are pushed, not probed). */
export function probe(definition: CheckDefinition, timeoutMs: number): Promise<ProbeResult> {
  switch (definition.kind) {
    case 'grpc':
      return probeGrpc(definition, timeoutMs);
    case 'http':
      return probeHttp(definition, timeoutMs);
    case 'tcp':
      return probeTcp(definition, timeoutMs);
    case 'ttl':
      return Promise.resolve({ status: 'critical', output: 'TTL checks are updated by the service, not probed' });
    default: {
      const unknownKind: never = definition.kind;
      throw new Error(`unknown check kind ${String(unknownKind)}`);
    }
  }
}
