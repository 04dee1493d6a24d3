import { type ServerUnaryCall, status as GrpcStatus } from '@grpc/grpc-js';
import { productV1, userV1 } from '@acme/contracts';
import { DomainError } from '@acme/errors';
import { startStubServer, type StubServer } from './grpc-stub.spec-helper';

const userError = (id: string): DomainError =>
  new DomainError(GrpcStatus.NOT_FOUND, 'USER_NOT_FOUND', `user ${id} not found`, { domain: 'user.acme.dev', metadata: { user_id: id } });

/** UserService with a set of known users. */
export class StubUserService {
  readonly users = new Set<string>();
  getUserCalls = 0;
  private server: StubServer | undefined;

  async start(): Promise<string> {
    this.server = await startStubServer(userV1.UserServiceDefinition, {
      getUser: async (request: userV1.GetUserRequest): Promise<userV1.GetUserResponse> => {
        this.getUserCalls++;
        if (!this.users.has(request.id)) throw userError(request.id);
        return { user: { id: request.id, email: `${request.id}@example.com`, name: 'Buyer', createTime: { seconds: 1, nanos: 0 } } };
      },
    });
    return this.server.target;
  }

  stop(): Promise<void> {
    return this.server?.stop() ?? Promise.resolve();
  }
}

interface StubProduct {
  stock: number;
  readonly priceCents: number;
  readonly currency: string;
}

/**
 * ProductService's stock in memory as the contract describes it: ReserveStock is atomic across
 * items and idempotent per order id, ReleaseStock is idempotent.
 */
export class StubProductService {
  readonly products = new Map<string, StubProduct>();
  readonly reservations = new Map<string, productV1.ReservedItem[]>();
  /** Order ids of every ReserveStock / ReleaseStock call, in order. */
  readonly reserveCalls: string[] = [];
  readonly releaseCalls: string[] = [];
  /** Deadline (ms since epoch) the last ReserveStock arrived with. */
  lastReserveDeadline = 0;
  private gate: Promise<void> | undefined;
  private server: StubServer | undefined;

  addProduct(id: string, stock: number, priceCents = 1_250, currency = 'EUR'): void {
    this.products.set(id, { stock, priceCents, currency });
  }

  /** Reserves stock for an order directly, as an earlier ReserveStock would have. */
  reserveStockFor(orderId: string, productId: string, quantity: number): void {
    const product = this.products.get(productId)!;
    product.stock -= quantity;
    this.reservations.set(orderId, [{ productId, quantity, unitPriceCents: product.priceCents, currency: product.currency }]);
  }

  /** `host:port` once started. */
  get target(): string {
    if (this.server === undefined) throw new Error('the stub product service is not started');
    return this.server.target;
  }

  stockOf(id: string): number | undefined {
    return this.products.get(id)?.stock;
  }

  /** Holds ReserveStock calls until the returned function is called. */
  hold(): () => void {
    let open!: () => void;
    this.gate = new Promise((resolve) => (open = resolve));
    return () => {
      this.gate = undefined;
      open();
    };
  }

  async start(): Promise<string> {
    this.server = await startStubServer(productV1.ProductServiceDefinition, {
      reserveStock: (request: productV1.ReserveStockRequest, call) => this.reserve(request, call),
      releaseStock: async (request: productV1.ReleaseStockRequest): Promise<productV1.ReleaseStockResponse> => {
        this.releaseCalls.push(request.orderId);
        const reserved = this.reservations.get(request.orderId) ?? [];
        for (const item of reserved) this.products.get(item.productId)!.stock += item.quantity;
        this.reservations.delete(request.orderId);
        return { orderId: request.orderId, releasedItems: reserved.map(({ productId, quantity }) => ({ productId, quantity })) };
      },
    });
    return this.server.target;
  }

  stop(): Promise<void> {
    return this.server?.stop() ?? Promise.resolve();
  }

  private async reserve(request: productV1.ReserveStockRequest, call: ServerUnaryCall<unknown, unknown>): Promise<productV1.ReserveStockResponse> {
    this.reserveCalls.push(request.orderId);
    this.lastReserveDeadline = new Date(call.getDeadline()).getTime();
    await this.gate;
    const existing = this.reservations.get(request.orderId);
    if (existing) return { orderId: request.orderId, items: existing };
    for (const item of request.items) {
      const product = this.products.get(item.productId);
      if (product === undefined) {
        throw new DomainError(GrpcStatus.NOT_FOUND, 'PRODUCT_NOT_FOUND', `product ${item.productId} not found`, {
          domain: 'product.acme.dev',
          metadata: { product_id: item.productId },
        });
      }
      if (product.stock < item.quantity) {
        throw new DomainError(GrpcStatus.FAILED_PRECONDITION, 'INSUFFICIENT_STOCK', `not enough stock of ${item.productId}`, {
          domain: 'product.acme.dev',
          metadata: { product_id: item.productId, requested: String(item.quantity), available: String(product.stock) },
        });
      }
    }
    const items = request.items.map((item) => {
      const product = this.products.get(item.productId)!;
      product.stock -= item.quantity;
      return { productId: item.productId, quantity: item.quantity, unitPriceCents: product.priceCents, currency: product.currency };
    });
    this.reservations.set(request.orderId, items);
    return { orderId: request.orderId, items };
  }
}
