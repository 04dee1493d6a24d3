/** A message codec as ts-proto generates it (outputPartialMethods=true). */
export interface MessageCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromPartial(object: never): T;
}

/** One method of a ts-proto generic service definition. */
export interface MethodDefinition {
  readonly name: string;
  readonly requestType: MessageCodec<unknown>;
  readonly responseType: MessageCodec<unknown>;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  readonly options: { readonly idempotencyLevel?: string };
}

/** A ts-proto generic service definition (`productV1.ProductServiceDefinition`). */
export interface ServiceDefinition {
  readonly name: string;
  readonly fullName: string;
  readonly methods: Readonly<Record<string, MethodDefinition>>;
}

export type RequestOf<M> = M extends { requestType: MessageCodec<infer T> } ? T : never;
export type ResponseOf<M> = M extends { responseType: MessageCodec<infer T> } ? T : never;

/** Per-call options; the deadline is never later than the inherited one. */
export interface CallOptions {
  /** Budget for this call; the default is the client's, shortened by the caller's deadline. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

type ClientMethod<M> = M extends { requestStream: true; responseStream: true }
  ? never
  : M extends { requestStream: true }
    ? (requests: AsyncIterable<RequestOf<M>>, options?: CallOptions) => Promise<ResponseOf<M>>
    : M extends { responseStream: true }
      ? (request: RequestOf<M>, options?: CallOptions) => AsyncIterable<ResponseOf<M>>
      : (request: RequestOf<M>, options?: CallOptions) => Promise<ResponseOf<M>>;

/**
 * A typed client for a service: unary methods return promises, server streams are async
 * iterables, client streams take an async iterable (written with backpressure).
 */
export type GrpcClient<D extends ServiceDefinition> = {
  readonly [K in keyof D['methods']]: ClientMethod<D['methods'][K]>;
};

/** True for methods the proto marks NO_SIDE_EFFECTS or IDEMPOTENT: safe to retry. */
export function isIdempotent(method: MethodDefinition): boolean {
  return method.options.idempotencyLevel === 'NO_SIDE_EFFECTS' || method.options.idempotencyLevel === 'IDEMPOTENT';
}
