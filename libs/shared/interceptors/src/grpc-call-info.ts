import { type ServerUnaryCall } from '@grpc/grpc-js';
import { type ExecutionContext } from '@nestjs/common';
import { isObservable } from 'rxjs';
import { type GrpcCallType } from '@acme/metrics';

/** A grpc-js server call of any streaming kind (grpc-js does not export that common type). */
export type ServerCall = Omit<ServerUnaryCall<unknown, unknown>, 'request'>;

/** Metadata key of the edge's request id, as the gateway forwards it. */
export const REQUEST_ID_METADATA = 'x-request-id';

/** What a gRPC handler invocation is about, read from Nest's execution context. */
export interface GrpcCallInfo {
  /** The grpc-js server call: deadline, cancellation, metadata, path. */
  readonly call: ServerCall;
  /** Fully qualified service ("acme.product.v1.ProductService"). */
  readonly service: string;
  /** Method as in the proto ("GetProduct"). */
  readonly method: string;
  readonly type: GrpcCallType;
  /** When the caller stops waiting; undefined for a call without deadline. */
  readonly deadline?: Date;
  readonly requestId?: string;
}

/** Each interceptor asks for the same call's info; read it once per call. */
const infoByCall = new WeakMap<ServerCall, GrpcCallInfo>();

/**
 * The gRPC call behind an 'rpc' execution context, or undefined for other transports. Nest
 * calls gRPC handlers with (data, metadata, call), and stream-call handlers with (call); a
 * request stream arrives as an Observable.
 */
export function grpcCallInfo(context: ExecutionContext): GrpcCallInfo | undefined {
  if (context.getType() !== 'rpc') return undefined;
  const args = context.getArgs<unknown[]>();
  const call = args.find(isServerCall);
  if (call === undefined) return undefined;
  let info = infoByCall.get(call);
  if (info === undefined) {
    info = readCallInfo(call, args);
    infoByCall.set(call, info);
  }
  return info;
}

function readCallInfo(call: ServerCall, args: readonly unknown[]): GrpcCallInfo {
  const [, service = 'unknown', method = 'unknown'] = /^\/([^/]+)\/([^/]+)$/.exec(call.getPath()) ?? [];
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  const requestId = call.metadata.get(REQUEST_ID_METADATA)[0];
  return {
    call,
    service,
    method,
    type: registeredType(call) ?? (isObservable(args[0]) || args[0] === call ? 'client_stream' : 'unary'),
    deadline: Number.isFinite(deadlineMs) ? new Date(deadlineMs) : undefined,
    requestId: typeof requestId === 'string' && requestId !== '' ? requestId : undefined,
  };
}

/**
 * grpc-js cancels a call from a timer that can fire a little before Date.now() reaches the
 * deadline; a cancelled call this close to its deadline was cancelled by the deadline.
 */
const DEADLINE_CLOCK_SLACK_MS = 20;

/** Whether the call's deadline has passed (a call without deadline never times out). */
export function deadlinePassed(info: GrpcCallInfo, now: number = Date.now()): boolean {
  if (info.deadline === undefined) return false;
  return info.deadline.getTime() - now <= (info.call.cancelled ? DEADLINE_CLOCK_SLACK_MS : 0);
}

const CALL_TYPES: Readonly<Record<string, GrpcCallType>> = {
  unary: 'unary',
  clientStream: 'client_stream',
  serverStream: 'server_stream',
  bidi: 'bidi_stream',
};

/**
 * The method type grpc-js registered the handler with. The call object does not tell: since
 * grpc-js 1.10 a unary call is a ServerWritableStreamImpl like a server stream, and a client
 * stream a duplex. grpc-js keeps the handler (with `type`) on the intercepting call it wraps,
 * directly or behind server interceptors (`nextCall`); that is internal, hence the defensive
 * walk and the fallback in the caller (request stream or not, from Nest's arguments).
 */
function registeredType(call: ServerCall): GrpcCallType | undefined {
  let inner: unknown = 'call' in call ? call.call : undefined;
  for (let hop = 0; hop < 8 && typeof inner === 'object' && inner !== null; hop += 1) {
    const handler: unknown = 'handler' in inner ? inner.handler : undefined;
    if (typeof handler === 'object' && handler !== null && 'type' in handler && typeof handler.type === 'string') return CALL_TYPES[handler.type];
    inner = 'nextCall' in inner ? inner.nextCall : undefined;
  }
  return undefined;
}

function isServerCall(value: unknown): value is ServerCall {
  return (
    typeof value === 'object' &&
    value !== null &&
    'getDeadline' in value &&
    typeof value.getDeadline === 'function' &&
    'getPath' in value &&
    typeof value.getPath === 'function' &&
    'metadata' in value
  );
}
