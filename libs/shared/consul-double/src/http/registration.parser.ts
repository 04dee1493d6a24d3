import { type ServiceRegistrationInput } from '../agent/agent.state';
import { type CheckDefinition, type CheckKind, type CheckStatus } from '../agent/agent-model';
import { parseGoDuration } from '../agent/go-duration';
import { HttpError } from './http-error';

type Json = Record<string, unknown>;

/** Field lookup as Consul decodes bodies: case-insensitive, snake_case accepted. */
function field(body: Json, name: string): unknown {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(body)) {
    if (key.replace(/_/g, '').toLowerCase() === wanted) return value;
  }
  return undefined;
}

function text(body: Json, name: string): string | undefined {
  const value = field(body, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `Request decode failed: ${name} must be a string`);
  return value;
}

function count(body: Json, name: string): number {
  const value = field(body, name);
  return typeof value === 'number' && value > 0 ? Math.floor(value) : 0;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function duration(body: Json, name: string): string | undefined {
  const value = text(body, name);
  if (value !== undefined && parseGoDuration(value) === undefined) {
    throw new HttpError(400, `Request decode failed: invalid duration ${name}="${value}"`);
  }
  return value;
}

function parseCheck(check: Json, serviceId: string, serviceName: string, checkId: string): ServiceRegistrationInput['checks'][number] {
  const probes: [CheckKind, string | undefined][] = [
    ['grpc', text(check, 'GRPC')],
    ['http', text(check, 'HTTP')],
    ['tcp', text(check, 'TCP')],
    ['ttl', duration(check, 'TTL')],
  ];
  const present = probes.filter(([, value]) => value);
  if (present.length !== 1) {
    throw new HttpError(400, 'Invalid check: the double supports exactly one of GRPC, HTTP, TCP or TTL per check');
  }
  const kind = present[0]?.[0] ?? 'ttl';
  const interval = duration(check, 'Interval');
  if (kind !== 'ttl' && !(parseGoDuration(interval) ?? 0)) {
    throw new HttpError(400, 'Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or GRPC checks');
  }
  const status = text(check, 'Status') ?? 'critical';
  if (!['passing', 'warning', 'critical'].includes(status)) throw new HttpError(400, `Invalid check: unknown Status "${status}"`);
  const header = field(check, 'Header');
  const definition: CheckDefinition = {
    kind,
    GRPC: text(check, 'GRPC'),
    GRPCUseTLS: field(check, 'GRPCUseTLS') === true,
    HTTP: text(check, 'HTTP'),
    Method: text(check, 'Method'),
    Header: isObject(header) ? (header as Record<string, string[]>) : undefined,
    Body: text(check, 'Body'),
    TCP: text(check, 'TCP'),
    TTL: duration(check, 'TTL'),
    Interval: interval,
    Timeout: duration(check, 'Timeout'),
    DeregisterCriticalServiceAfter: duration(check, 'DeregisterCriticalServiceAfter'),
    SuccessBeforePassing: count(check, 'SuccessBeforePassing'),
    FailuresBeforeCritical: count(check, 'FailuresBeforeCritical'),
  };
  return {
    CheckID: text(check, 'CheckID') ?? text(check, 'ID') ?? checkId,
    Name: text(check, 'Name') ?? `Service '${serviceName}' check`,
    Notes: text(check, 'Notes') ?? '',
    Status: status as CheckStatus,
    definition,
  };
}

/**
 * Validates a `PUT /v1/agent/service/register` body the way the agent does for the fields
 * the double supports; unsupported check kinds are refused rather than silently ignored.
 */
export function parseRegistration(body: unknown): ServiceRegistrationInput {
  if (!isObject(body)) throw new HttpError(400, 'Request decode failed: expected a JSON object');
  const name = text(body, 'Name');
  if (!name) throw new HttpError(400, 'Missing service name');
  const id = text(body, 'ID') || name;
  const port = field(body, 'Port') ?? 0;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new HttpError(400, 'Request decode failed: Port must be an integer');
  }
  const tags = field(body, 'Tags') ?? [];
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) throw new HttpError(400, 'Request decode failed: Tags');
  const meta = field(body, 'Meta') ?? {};
  if (!isObject(meta) || !Object.values(meta).every((value) => typeof value === 'string')) {
    throw new HttpError(400, 'Invalid Service Meta: values must be strings');
  }
  const weights = field(body, 'Weights');
  const single = field(body, 'Check');
  const many = field(body, 'Checks');
  const definitions = [...(isObject(single) ? [single] : []), ...(Array.isArray(many) ? many.filter(isObject) : [])];
  return {
    service: {
      ID: id,
      Service: name,
      Tags: tags,
      Address: text(body, 'Address') ?? '',
      Port: port,
      Meta: meta as Record<string, string>,
      TaggedAddresses: {},
      Weights: isObject(weights)
        ? { Passing: Number(field(weights, 'Passing') ?? 1), Warning: Number(field(weights, 'Warning') ?? 1) }
        : { Passing: 1, Warning: 1 },
      EnableTagOverride: field(body, 'EnableTagOverride') === true,
    },
    checks: definitions.map((check, i) =>
      parseCheck(check, id, name, definitions.length === 1 ? `service:${id}` : `service:${id}:${i + 1}`),
    ),
  };
}
