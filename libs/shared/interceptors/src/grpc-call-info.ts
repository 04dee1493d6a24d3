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

/**
 * The gRPC call behind an 'rpc' execution context, or undefined for other transports. Nest
 * calls gRPC handlers with (data, metadata, call), and stream-call handlers with (call); a
 * request stream arrives as an Observable, a response stream has a writable call.
 */
export function grpcCallInfo(context: ExecutionContext): GrpcCallInfo | undefined {
  if (context.getType() !== 'rpc') return undefined;
  const args = context.getArgs<unknown[]>();
  const call = args.find(isServerCall);
  if (call === undefined) return undefined;
  const [, service = 'unknown', method = 'unknown'] = /^\/([^/]+)\/([^/]+)$/.exec(call.getPath()) ?? [];
  const requestStream = isObservable(args[0]) || args[0] === call;
  const responseStream = 'write' in call && typeof call.write === 'function';
  { const c = (call as unknown as { call: Record<string, unknown> }).call; console.log('DBG', Object.keys(c), c.constructor.name, Object.keys((c['nextCall'] ?? {}) as object), ((c['nextCall'] as Record<string, unknown>)?.['handler'] as Record<string,unknown>)?.['type']); }
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  const requestId = call.metadata.get(REQUEST_ID_METADATA)[0];
  return {
    call,
    service,
    method,
    type: requestStream ? (responseStream ? 'bidi_stream' : 'client_stream') : responseStream ? 'server_stream' : 'unary',
    deadline: Number.isFinite(deadlineMs) ? new Date(deadlineMs) : undefined,
    requestId: typeof requestId === 'string' && requestId !== '' ? requestId : undefined,
  };
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
