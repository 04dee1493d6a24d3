import { randomUUID } from 'node:crypto';
import {
  type sendUnaryData,
  type Server,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  status as GrpcStatus,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { type AccessTokenIssuer } from '@acme/auth';
import { orderV1, productV1, userV1 } from '@acme/contracts';
import { DomainError, toGrpcErrorPayload } from '@acme/errors';
import { HealthService } from '@acme/health';
import { addService, startGrpcServer } from './grpc-service.spec-helper';

type Timestamp = { seconds: number; nanos: number };
interface StoredUser {
  readonly user: userV1.User;
  readonly password: string;
}
type StockListener = (product: productV1.Product) => void;

const quiet = { log: (): void => undefined, warn: (): void => undefined };

function now(): Timestamp {
  const ms = Date.now();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

function fail(status: GrpcStatus, reason: string, message: string, domain: string, metadata: Record<string, string> = {}): DomainError {
  return new DomainError(status, reason, message, { domain, metadata });
}

/**
 * The three backends as real grpc-js servers implementing the generated service definitions
 * with small in-memory behaviour, each with grpc.health.v1. Tests script failures per method
 * (any status with google.rpc details, on the wire as the services send them), make a method
 * hang, and read what the servers saw: calls, deadlines, cancellations.
 */
export class StubBackends {
  readonly users = new Map<string, StoredUser>();
  readonly products = new Map<string, productV1.Product>();
  private readonly skus = new Set<string>();
  readonly orders = new Map<string, orderV1.Order>();
  /** Calls per method (ts-proto method name: 'getProduct'). */
  readonly calls = new Map<string, number>();
  /** Absolute deadline (ms since epoch) of the last call per method; Infinity without one. */
  readonly deadlines = new Map<string, number>();
  /** Calls the client cancelled (or whose deadline passed), per method. */
  readonly cancelled = new Map<string, number>();
  /** When the last call per method was cancelled (ms since epoch). */
  readonly cancelledAt = new Map<string, number>();
  /** Last CreateOrder request. */
  lastCreateOrder: orderV1.CreateOrderRequest | undefined;
  /** When false, imported products are counted but not kept (memory tests). */
  importKeepsProducts = true;
  /** Open WatchStock streams. */
  watchers = 0;

  private readonly failures = new Map<string, Array<DomainError | Error>>();
  private readonly hanging = new Set<string>();
  private readonly delays = new Map<string, number>();
  private readonly stockListeners = new Set<StockListener>();
  private readonly watchCalls = new Set<ServerWritableStream<productV1.WatchStockRequest, productV1.WatchStockResponse>>();
  private readonly empty = new Set<string>();
  private readonly idempotency = new Map<string, { body: string; orderId: string }>();

  readonly health = {
    user: new HealthService({ services: [userV1.UserServiceDefinition.fullName], logger: quiet }),
    product: new HealthService({ services: [productV1.ProductServiceDefinition.fullName], logger: quiet }),
    order: new HealthService({ services: [orderV1.OrderServiceDefinition.fullName], logger: quiet }),
  };
  /** `host:port` of each backend. */
  targets = { user: '', product: '', order: '' };
  private servers: Server[] = [];

  private constructor(private readonly issuer: AccessTokenIssuer) {}

  /** Starts the three servers, SERVING; `issuer` signs the tokens Authenticate returns. */
  static async start(issuer: AccessTokenIssuer): Promise<StubBackends> {
    const stubs = new StubBackends(issuer);
    const [user, product, order] = await Promise.all([
      startGrpcServer((server) => {
        addService(server, userV1.UserServiceDefinition, stubs.userService());
        stubs.health.user.addToServer(server);
      }),
      startGrpcServer((server) => {
        addService(server, productV1.ProductServiceDefinition, stubs.productService());
        stubs.health.product.addToServer(server);
      }),
      startGrpcServer((server) => {
        addService(server, orderV1.OrderServiceDefinition, stubs.orderService());
        stubs.health.order.addToServer(server);
      }),
    ]);
    stubs.servers = [user.server, product.server, order.server];
    stubs.targets = { user: user.target, product: product.target, order: order.target };
    await Promise.all(Object.values(stubs.health).map((health) => health.start()));
    return stubs;
  }

  /** The next `times` calls of `method` fail with `error` (a DomainError travels with its details). */
  failNext(method: string, error: DomainError | Error, times = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array.from({ length: times }, () => error)]);
  }

  /** Forgets what was scripted (failures not yet used, hanging and delayed methods). */
  resetScript(): void {
    this.failures.clear();
    this.hanging.clear();
    this.delays.clear();
    this.empty.clear();
  }

  /** Calls of `method` never answer (until the client's deadline or cancel). */
  hang(method: string): void {
    this.hanging.add(method);
  }

  /** Calls of `method` answer with an empty message (a backend breaking its contract). */
  respondEmpty(method: string): void {
    this.empty.add(method);
  }

  /** Ends every open WatchStock stream with `error`. */
  failWatchers(error: DomainError): void {
    for (const call of this.watchCalls) call.emit('error', toGrpcErrorPayload(error));
  }

  /** Calls of `method` answer after `ms`. */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  count(method: string): number {
    return this.calls.get(method) ?? 0;
  }

  /** Sets a product's stock and tells its watchers. */
  setStock(productId: string, stock: number): void {
    const product = this.products.get(productId);
    if (!product) throw new Error(`no product ${productId}`);
    const updated = { ...product, stock, updateTime: now() };
    this.products.set(productId, updated);
    for (const listener of this.stockListeners) listener(updated);
  }

  /** Adds a product directly (no gRPC call). */
  seedProduct(overrides: Partial<productV1.Product> = {}): productV1.Product {
    const product: productV1.Product = {
      id: randomUUID(),
      sku: `SKU-${randomUUID().slice(0, 8)}`,
      name: 'Seeded product',
      description: '',
      priceCents: 1000,
      currency: 'EUR',
      stock: 10,
      createTime: now(),
      updateTime: now(),
      ...overrides,
    };
    this.products.set(product.id, product);
    this.skus.add(product.sku);
    return product;
  }

  /** Kills one backend's server, as if its process died. */
  stopOne(backend: 'user' | 'product' | 'order'): void {
    const index = ['user', 'product', 'order'].indexOf(backend);
    this.servers[index]?.forceShutdown();
  }

  async stop(): Promise<void> {
    for (const health of Object.values(this.health)) health.shutdown();
    for (const server of this.servers) server.forceShutdown();
  }

  // --- plumbing -------------------------------------------------------------------------

  /** Records the call; answers an injected failure or hangs; else runs `handler`. */
  private unary<Req, Res>(method: string, handler: (request: Req) => Res): (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void {
    return (call, callback) => {
      this.record(method, call);
      const failure = this.takeFailure(method);
      if (failure) return callback(failure);
      if (this.hanging.has(method)) return;
      const answer = (): void => {
        try {
          callback(null, this.empty.has(method) ? ({} as Res) : handler(call.request));
        } catch (error) {
          callback(this.payloadOf(error));
        }
      };
      const delay = this.delays.get(method);
      if (delay === undefined) answer();
      else setTimeout(answer, delay);
    };
  }

  private record(method: string, call: ServerUnaryCall<unknown, unknown> | ServerWritableStream<unknown, unknown> | ServerReadableStream<unknown, unknown>): void {
    this.calls.set(method, this.count(method) + 1);
    const deadline = call.getDeadline();
    this.deadlines.set(method, deadline instanceof Date ? deadline.getTime() : deadline);
    call.on('cancelled', () => {
      this.cancelled.set(method, (this.cancelled.get(method) ?? 0) + 1);
      this.cancelledAt.set(method, Date.now());
    });
  }

  private takeFailure(method: string): ReturnType<StubBackends['payloadOf']> | undefined {
    const queue = this.failures.get(method);
    const next = queue?.shift();
    return next === undefined ? undefined : this.payloadOf(next);
  }

  private payloadOf(error: unknown): { code: GrpcStatus; details: string; metadata?: ReturnType<typeof toGrpcErrorPayload>['metadata'] } {
    if (error instanceof DomainError) return toGrpcErrorPayload(error);
    // What a service's filter sends for an unexpected exception, leaking its message on purpose
    // here, so tests can check that the gateway does not pass it on.
    return { code: GrpcStatus.INTERNAL, details: error instanceof Error ? error.message : String(error) };
  }

  // --- UserService ----------------------------------------------------------------------

  private userService(): UntypedServiceImplementation {
    const domain = 'user.acme.dev';
    return {
      createUser: this.unary<userV1.CreateUserRequest, userV1.CreateUserResponse>('createUser', (request) => {
        const taken = [...this.users.values()].some(({ user }) => user.email.toLowerCase() === request.email.toLowerCase());
        if (taken) throw fail(GrpcStatus.ALREADY_EXISTS, 'EMAIL_ALREADY_EXISTS', `email ${request.email} is already registered`, domain);
        const user: userV1.User = { id: randomUUID(), email: request.email, name: request.name, createTime: now() };
        this.users.set(user.id, { user, password: request.password });
        return { user };
      }),
      getUser: this.unary<userV1.GetUserRequest, userV1.GetUserResponse>('getUser', (request) => {
        const stored = this.users.get(request.id);
        if (!stored) throw fail(GrpcStatus.NOT_FOUND, 'USER_NOT_FOUND', `user ${request.id} not found`, domain);
        return { user: stored.user };
      }),
      authenticate: (call: ServerUnaryCall<userV1.AuthenticateRequest, userV1.AuthenticateResponse>, callback: sendUnaryData<userV1.AuthenticateResponse>) => {
        this.record('authenticate', call);
        const stored = [...this.users.values()].find(({ user }) => user.email.toLowerCase() === call.request.email.toLowerCase());
        if (!stored || stored.password !== call.request.password) {
          return callback(toGrpcErrorPayload(fail(GrpcStatus.UNAUTHENTICATED, 'INVALID_CREDENTIALS', 'wrong email or password', domain)));
        }
        this.issuer.issue(stored.user).then((token) => callback(null, token), (error: unknown) => callback(this.payloadOf(error)));
      },
    };
  }

  // --- ProductService -------------------------------------------------------------------

  private productService(): UntypedServiceImplementation {
    const domain = 'product.acme.dev';
    const notFound = (id: string): DomainError => fail(GrpcStatus.NOT_FOUND, 'PRODUCT_NOT_FOUND', `product ${id} not found`, domain, { product_id: id });
    const create = (request: productV1.CreateProductRequest): productV1.Product => {
      if (this.skus.has(request.sku)) {
        throw fail(GrpcStatus.ALREADY_EXISTS, 'SKU_ALREADY_EXISTS', `sku ${request.sku} already exists`, domain);
      }
      return this.seedProduct({ ...request });
    };
    return {
      createProduct: this.unary<productV1.CreateProductRequest, productV1.CreateProductResponse>('createProduct', (request) => ({ product: create(request) })),
      getProduct: this.unary<productV1.GetProductRequest, productV1.GetProductResponse>('getProduct', (request) => {
        const product = this.products.get(request.id);
        if (!product) throw notFound(request.id);
        return { product };
      }),
      listProducts: this.unary<productV1.ListProductsRequest, productV1.ListProductsResponse>('listProducts', (request) => {
        const offset = request.pageToken === '' ? 0 : Number(/^offset-(\d+)$/.exec(request.pageToken)?.[1] ?? Number.NaN);
        if (Number.isNaN(offset)) throw fail(GrpcStatus.INVALID_ARGUMENT, 'INVALID_PAGE_TOKEN', 'the page token is malformed', 'acme.dev');
        const size = request.pageSize === 0 ? 20 : request.pageSize;
        const all = [...this.products.values()];
        const products = all.slice(offset, offset + size);
        return { products, nextPageToken: offset + size < all.length ? `offset-${offset + size}` : '' };
      }),
      reserveStock: this.unary('reserveStock', () => {
        throw fail(GrpcStatus.UNIMPLEMENTED, 'UNIMPLEMENTED', 'not in the stub', domain);
      }),
      releaseStock: this.unary('releaseStock', () => {
        throw fail(GrpcStatus.UNIMPLEMENTED, 'UNIMPLEMENTED', 'not in the stub', domain);
      }),
      watchStock: (call: ServerWritableStream<productV1.WatchStockRequest, productV1.WatchStockResponse>) => {
        this.record('watchStock', call);
        const failure = this.takeFailure('watchStock');
        const product = this.products.get(call.request.productId);
        if (failure || !product) {
          call.emit('error', failure ?? toGrpcErrorPayload(notFound(call.request.productId)));
          return;
        }
        const send = (p: productV1.Product): void => void call.write({ productId: p.id, stock: p.stock, updateTime: p.updateTime });
        const listener: StockListener = (changed) => {
          if (changed.id === product.id) send(changed);
        };
        this.watchers += 1;
        this.stockListeners.add(listener);
        this.watchCalls.add(call);
        const stop = (): void => {
          this.watchCalls.delete(call);
          if (!this.stockListeners.delete(listener)) return;
          this.watchers -= 1;
        };
        call.on('cancelled', stop);
        call.on('close', stop);
        send(product);
      },
      importProducts: (call: ServerReadableStream<productV1.ImportProductsRequest, productV1.ImportProductsResponse>, callback: sendUnaryData<productV1.ImportProductsResponse>) => {
        this.record('importProducts', call);
        const failure = this.takeFailure('importProducts');
        if (failure) return callback(failure);
        let created = 0;
        const seen = new Set<string>();
        const failed: productV1.ImportProductsResponse_Failure[] = [];
        call.on('data', ({ line, product }: productV1.ImportProductsRequest) => {
          if (!product) return;
          const duplicate = seen.has(product.sku) || this.skus.has(product.sku);
          if (duplicate) {
            failed.push({ line, code: 'SKU_ALREADY_EXISTS', message: `sku ${product.sku} already exists` });
            return;
          }
          if (this.importKeepsProducts) {
            this.seedProduct({ ...product });
            seen.add(product.sku);
          }
          created += 1;
        });
        call.on('end', () => callback(null, { created, failed, failedCount: failed.length }));
      },
    };
  }

  // --- OrderService ---------------------------------------------------------------------

  private orderService(): UntypedServiceImplementation {
    const domain = 'order.acme.dev';
    const owned = (id: string, userId: string): orderV1.Order => {
      const order = this.orders.get(id);
      if (!order || order.userId !== userId) throw fail(GrpcStatus.NOT_FOUND, 'ORDER_NOT_FOUND', `order ${id} not found`, domain);
      return order;
    };
    return {
      createOrder: this.unary<orderV1.CreateOrderRequest, orderV1.CreateOrderResponse>('createOrder', (request) => {
        this.lastCreateOrder = request;
        const body = JSON.stringify(request.items);
        if (request.idempotencyKey !== '') {
          const previous = this.idempotency.get(`${request.userId}/${request.idempotencyKey}`);
          if (previous && previous.body !== body) {
            throw fail(GrpcStatus.ALREADY_EXISTS, 'IDEMPOTENCY_KEY_REUSED', 'the idempotency key was used with another body', domain);
          }
          if (previous) return { order: this.orders.get(previous.orderId) };
        }
        const products = request.items.map(({ productId, quantity }) => {
          const product = this.products.get(productId);
          if (!product) throw fail(GrpcStatus.NOT_FOUND, 'PRODUCT_NOT_FOUND', `product ${productId} not found`, 'product.acme.dev');
          if (product.stock < quantity) {
            throw fail(GrpcStatus.FAILED_PRECONDITION, 'INSUFFICIENT_STOCK', `only ${product.stock} left of product ${productId}`, 'product.acme.dev');
          }
          return { product, quantity };
        });
        for (const { product, quantity } of products) this.setStock(product.id, product.stock - quantity);
        const order: orderV1.Order = {
          id: randomUUID(),
          userId: request.userId,
          status: orderV1.OrderStatus.ORDER_STATUS_CONFIRMED,
          items: products.map(({ product, quantity }) => ({ productId: product.id, quantity, unitPriceCents: product.priceCents })),
          totalCents: products.reduce((sum, { product, quantity }) => sum + product.priceCents * quantity, 0),
          currency: products[0]?.product.currency ?? '',
          createTime: now(),
          updateTime: now(),
        };
        this.orders.set(order.id, order);
        if (request.idempotencyKey !== '') this.idempotency.set(`${request.userId}/${request.idempotencyKey}`, { body, orderId: order.id });
        return { order };
      }),
      getOrder: this.unary<orderV1.GetOrderRequest, orderV1.GetOrderResponse>('getOrder', (request) => ({ order: owned(request.id, request.userId) })),
      listOrders: this.unary<orderV1.ListOrdersRequest, orderV1.ListOrdersResponse>('listOrders', (request) => ({
        orders: [...this.orders.values()].filter((order) => order.userId === request.userId).reverse(),
        nextPageToken: '',
      })),
      cancelOrder: this.unary<orderV1.CancelOrderRequest, orderV1.CancelOrderResponse>('cancelOrder', (request) => {
        const order = owned(request.id, request.userId);
        if (order.status === orderV1.OrderStatus.ORDER_STATUS_CANCELLED) return { order };
        for (const item of order.items) {
          const product = this.products.get(item.productId);
          if (product) this.setStock(product.id, product.stock + item.quantity);
        }
        const cancelled = { ...order, status: orderV1.OrderStatus.ORDER_STATUS_CANCELLED, updateTime: now() };
        this.orders.set(order.id, cancelled);
        return { order: cancelled };
      }),
    };
  }
}
