import { resolve } from 'node:path';
import { loadSync, type MessageTypeDefinition } from '@grpc/proto-loader';
import { type AttributeValue, type ReceivedSpan, type ReceivedSpanKind } from './received-span';

/**
 * The opentelemetry-proto files, kept in src/ and found from src/testing (specs) and from
 * dist/testing (builds) alike, because both sit one level below the package root.
 */
const PROTO_DIR = resolve(__dirname, '..', '..', 'src', 'testing', 'proto');
const REQUEST_TYPE = 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest';
const RESPONSE_TYPE = 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse';

// The decoded shapes, as proto-loader returns them with the options below.
interface RawAnyValue {
  readonly value?: 'stringValue' | 'boolValue' | 'intValue' | 'doubleValue' | 'arrayValue' | 'kvlistValue' | 'bytesValue';
  readonly stringValue?: string;
  readonly boolValue?: boolean;
  readonly intValue?: string;
  readonly doubleValue?: number;
  readonly arrayValue?: { readonly values: RawAnyValue[] };
  readonly kvlistValue?: { readonly values: RawKeyValue[] };
  readonly bytesValue?: Buffer;
}
interface RawKeyValue {
  readonly key: string;
  readonly value: RawAnyValue | null;
}
interface RawSpan {
  readonly traceId: Buffer;
  readonly spanId: Buffer;
  readonly parentSpanId: Buffer;
  readonly name: string;
  readonly kind: string;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: RawKeyValue[];
  readonly events: { readonly name: string; readonly attributes: RawKeyValue[] }[];
  readonly status: { readonly code: string; readonly message: string } | null;
}
interface RawExportRequest {
  readonly resourceSpans: {
    readonly resource: { readonly attributes: RawKeyValue[] } | null;
    readonly scopeSpans: { readonly scope: { readonly name: string } | null; readonly spans: RawSpan[] }[];
  }[];
}

let codec: { request: MessageTypeDefinition<object, object>; response: MessageTypeDefinition<object, object> } | undefined;

function loadCodec(): NonNullable<typeof codec> {
  if (codec === undefined) {
    const definitions = loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto', {
      includeDirs: [PROTO_DIR],
      longs: String,
      enums: String,
      defaults: true,
      arrays: true,
      oneofs: true,
    });
    codec = { request: messageType(definitions[REQUEST_TYPE]), response: messageType(definitions[RESPONSE_TYPE]) };
  }
  return codec;
}

function messageType(definition: unknown): MessageTypeDefinition<object, object> {
  if (typeof definition === 'object' && definition !== null && 'deserialize' in definition && 'serialize' in definition) {
    return definition as MessageTypeDefinition<object, object>;
  }
  throw new Error('opentelemetry-proto message type missing');
}

/** Decodes an OTLP/protobuf ExportTraceServiceRequest body into spans. */
export function decodeTraceExport(body: Buffer): ReceivedSpan[] {
  // proto-loader types every message as `object`; RawExportRequest states what these options yield.
  const request = loadCodec().request.deserialize(body) as RawExportRequest;
  return request.resourceSpans.flatMap(({ resource, scopeSpans }) => {
    const resourceAttributes = toAttributes(resource?.attributes ?? []);
    const serviceName = resourceAttributes['service.name'];
    return scopeSpans.flatMap(({ scope, spans }) =>
      spans.map((span): ReceivedSpan => ({
        traceId: span.traceId.toString('hex'),
        spanId: span.spanId.toString('hex'),
        parentSpanId: span.parentSpanId.length > 0 ? span.parentSpanId.toString('hex') : undefined,
        name: span.name,
        kind: span.kind.replace('SPAN_KIND_', '').toLowerCase() as ReceivedSpanKind,
        serviceName: typeof serviceName === 'string' ? serviceName : undefined,
        scopeName: scope?.name ?? '',
        startTimeUnixNano: BigInt(span.startTimeUnixNano),
        endTimeUnixNano: BigInt(span.endTimeUnixNano),
        attributes: toAttributes(span.attributes),
        resource: resourceAttributes,
        status: {
          code: (span.status?.code ?? 'STATUS_CODE_UNSET').replace('STATUS_CODE_', '').toLowerCase() as ReceivedSpan['status']['code'],
          message: span.status?.message ?? '',
        },
        events: span.events.map((event) => ({ name: event.name, attributes: toAttributes(event.attributes) })),
      })),
    );
  });
}

/** The (empty: nothing rejected) ExportTraceServiceResponse body. */
export function encodeTraceExportResponse(): Buffer {
  return loadCodec().response.serialize({});
}

function toAttributes(list: readonly RawKeyValue[]): Record<string, AttributeValue> {
  return Object.fromEntries(list.map(({ key, value }) => [key, toValue(value)]));
}

function toValue(value: RawAnyValue | null): AttributeValue {
  // An empty AnyValue (no case set) is legal OTLP; an empty string is the closest plain value.
  if (value === null) return '';
  switch (value.value) {
    case 'stringValue':
      return value.stringValue ?? '';
    case 'boolValue':
      return value.boolValue ?? false;
    case 'intValue':
      return Number(value.intValue ?? 0);
    case 'doubleValue':
      return value.doubleValue ?? 0;
    case 'arrayValue':
      return (value.arrayValue?.values ?? []).map(toValue);
    case 'kvlistValue':
      return toAttributes(value.kvlistValue?.values ?? []);
    case 'bytesValue':
      return value.bytesValue ?? Buffer.alloc(0);
    case undefined:
      return '';
    default: {
      const unreachable: never = value.value;
      throw new Error(`unknown AnyValue case ${String(unreachable)}`);
    }
  }
}
