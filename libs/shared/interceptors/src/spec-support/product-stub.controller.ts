import { status as GrpcStatus, type ServerUnaryCall } from '@grpc/grpc-js';
import { type CanActivate, Catch, Controller, type ExecutionContext, Injectable, type RpcExceptionFilter, UseGuards } from '@nestjs/common';
import { GrpcMethod, GrpcStreamMethod } from '@nestjs/microservices';
import { map, Observable, type Observable as Stream, throwError, toArray } from 'rxjs';
import { CallContext, type CallContextValue } from '@acme/context';
import { DomainError, toDomainError, toGrpcErrorPayload } from '@acme/errors';
import { type productV1 } from '@acme/contracts';
import { currentSpanId, currentTraceId } from '@acme/tracing';

/** What handlers saw, for the spec to assert on. */
export const observed = {
  contexts: [] as (CallContextValue | undefined)[],
  /** The active span's ids in GetProduct. */
  spans: [] as { traceId?: string; spanId?: string }[],
  abortReasons: [] as string[],
  guardedHandlerRan: false,
};

/** Holds a call until grpc-js gives up on it (its deadline fires), like a slow queue would. */
@Injectable()
class WaitUntilCancelledGuard implements CanActivate {
  canActivate(context: ExecutionContext): Promise<boolean> {
    const call = context.getArgByIndex<ServerUnaryCall<unknown, unknown>>(2);
    return new Promise((resolve) => (call.cancelled ? resolve(true) : call.once('cancelled', () => resolve(true))));
  }
}

/** Maps errors to statuses on the wire, as @acme/grpc-server's filter does. */
@Catch()
export class StatusFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Stream<never> {
    return throwError(() => toGrpcErrorPayload(toDomainError(exception).error));
  }
}

const product = (id: string): productV1.Product => ({
  id,
  sku: `SKU-${id}`,
  name: 'Lamp',
  description: '',
  priceCents: 1999,
  currency: 'EUR',
  stock: 3,
  createTime: undefined,
  updateTime: undefined,
});

@Controller()
export class ProductStubController {
  @GrpcMethod('ProductService', 'GetProduct')
  async getProduct(request: productV1.GetProductRequest): Promise<productV1.GetProductResponse> {
    const context = CallContext.current();
    observed.contexts.push(context);
    observed.spans.push({ traceId: currentTraceId(), spanId: currentSpanId() });
    switch (request.id) {
      case 'missing':
        throw new DomainError(GrpcStatus.NOT_FOUND, 'PRODUCT_NOT_FOUND', 'product missing not found', { domain: 'product.acme.dev' });
      case 'crash':
        throw new Error('database exploded at 0x1f');
      case 'slow': {
        const signal = context?.signal;
        if (signal === undefined) throw new Error('no signal in the call context');
        // Work that honours cancellation: it ends when the signal fires, with its reason.
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        observed.abortReasons.push(String((signal.reason as Error).name));
        throw signal.reason;
      }
      default:
        return { product: product(request.id) };
    }
  }

  @GrpcMethod('ProductService', 'WatchStock')
  watchStock(request: productV1.WatchStockRequest): Stream<productV1.WatchStockResponse> {
    const context = CallContext.current();
    observed.contexts.push(context);
    return new Observable((subscriber) => {
      for (const stock of [3, 2, 1]) subscriber.next({ productId: request.productId, stock, updateTime: undefined });
      if (request.productId !== 'forever') {
        subscriber.complete();
        return undefined;
      }
      // An endless watch: stops when the client cancels.
      const onAbort = (): void => void observed.abortReasons.push(String((context?.signal?.reason as Error).name));
      context?.signal?.addEventListener('abort', onAbort, { once: true });
      return () => context?.signal?.removeEventListener('abort', onAbort);
    });
  }

  @GrpcStreamMethod('ProductService', 'ImportProducts')
  importProducts(requests: Stream<productV1.ImportProductsRequest>): Stream<productV1.ImportProductsResponse> {
    observed.contexts.push(CallContext.current());
    return requests.pipe(
      toArray(),
      map((all) => ({ created: all.length, failed: [] })),
    );
  }

  @GrpcMethod('ProductService', 'ReleaseStock')
  @UseGuards(WaitUntilCancelledGuard)
  releaseStock(request: productV1.ReleaseStockRequest): productV1.ReleaseStockResponse {
    observed.guardedHandlerRan = true;
    return { orderId: request.orderId, releasedItems: [] };
  }
}
