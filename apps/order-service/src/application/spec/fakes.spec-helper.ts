import { status as GrpcStatus } from '@grpc/grpc-js';
import { RemoteError } from '@acme/errors';
import { type NewOrder, type Order, type OrderCursor, type OrderFailure, type OrderPricing } from '../../domain/order';
import { type InsertPendingResult, OrderRepository } from '../../domain/order.repository';
import { type ReservedLine, type StockRequest, StockReservations } from '../../domain/stock-reservations.port';
import { UserDirectory } from '../../domain/user-directory.port';
import { OrderFaults } from '../create-order/order-faults';

/** OrderRepository in memory with the same compare-and-set rules as the drizzle one. */
export class InMemoryOrderRepository extends OrderRepository {
  readonly rows = new Map<string, Order>();
  private clock = 0;

  /** Stores an order as it would be found in the database (for recovery scenarios). */
  put(order: Order): void {
    this.rows.set(order.id, order);
  }

  async insertPending(order: NewOrder): Promise<InsertPendingResult> {
    if (order.idempotencyKey !== null) {
      const holder = [...this.rows.values()].find((o) => o.userId === order.userId && o.idempotencyKey === order.idempotencyKey && o.status !== 'FAILED');
      if (holder) return { created: false, order: holder };
    }
    const now = this.now();
    const created: Order = { ...order, status: 'PENDING', totalCents: 0, currency: '', releasePending: false, failure: null, createTime: now, updateTime: now };
    this.rows.set(created.id, created);
    return { created: true, order: created };
  }

  async findById(id: string): Promise<Order | undefined> {
    return this.rows.get(id);
  }

  async findOwned(id: string, userId: string): Promise<Order | undefined> {
    const order = this.rows.get(id);
    return order?.userId === userId ? order : undefined;
  }

  async findLatestByIdempotencyKey(userId: string, key: string): Promise<Order | undefined> {
    return [...this.rows.values()]
      .filter((o) => o.userId === userId && o.idempotencyKey === key)
      .sort((a, b) => b.createTime.getTime() - a.createTime.getTime())[0];
  }

  async confirm(id: string, pricing: OrderPricing): Promise<Order | undefined> {
    return this.transition(id, 'PENDING', { status: 'CONFIRMED', ...pricing });
  }

  async fail(id: string, failure: OrderFailure): Promise<Order | undefined> {
    return this.transition(id, 'PENDING', { status: 'FAILED', failure, releasePending: true });
  }

  async cancel(id: string): Promise<Order | undefined> {
    return this.transition(id, 'CONFIRMED', { status: 'CANCELLED', releasePending: true });
  }

  async markReleased(id: string): Promise<void> {
    const order = this.rows.get(id);
    if (order && order.status !== 'PENDING') this.rows.set(id, { ...order, releasePending: false });
  }

  async listByUser(userId: string, limit: number, cursor?: OrderCursor): Promise<Order[]> {
    const key = (o: { createTime: Date; id: string }): string => `${String(o.createTime.getTime()).padStart(15, '0')}|${o.id}`;
    return [...this.rows.values()]
      .filter((o) => o.userId === userId && (cursor === undefined || key(o) < key(cursor)))
      .sort((a, b) => (key(a) < key(b) ? 1 : -1))
      .slice(0, limit);
  }

  async findUnresolved(leaseMs: number, limit: number): Promise<Order[]> {
    const before = Date.now() - leaseMs;
    return [...this.rows.values()].filter((o) => (o.status === 'PENDING' || o.releasePending) && o.updateTime.getTime() < before).slice(0, limit);
  }

  private transition(id: string, from: Order['status'], change: Partial<Order>): Order | undefined {
    const order = this.rows.get(id);
    if (order?.status !== from) return undefined;
    const updated = { ...order, ...change, updateTime: this.now() };
    this.rows.set(id, updated);
    return updated;
  }

  // Strictly increasing times, so "newest" is well defined however fast a test runs.
  private now(): Date {
    this.clock = Math.max(this.clock + 1, Date.now());
    return new Date(this.clock);
  }
}

/** The product service's stock: a stock map and reservations keyed by order id, idempotent. */
export class FakeStock extends StockReservations {
  readonly stock = new Map<string, { stock: number; priceCents: number; currency: string }>();
  readonly reservations = new Map<string, ReservedLine[]>();
  readonly calls = { reserve: 0, release: 0 };
  /** Fails the next reserve/release with this error. */
  failReserve: Error | undefined;
  failRelease: Error | undefined;
  /** Holds reserve calls until the returned function is called. */
  private gate: Promise<void> | undefined;

  addProduct(id: string, stock: number, priceCents = 100, currency = 'EUR'): void {
    this.stock.set(id, { stock, priceCents, currency });
  }

  hold(): () => void {
    let open!: () => void;
    this.gate = new Promise((resolve) => (open = resolve));
    return () => {
      this.gate = undefined;
      open();
    };
  }

  async reserve(orderId: string, lines: readonly StockRequest[]): Promise<ReservedLine[]> {
    this.calls.reserve++;
    await this.gate;
    if (this.failReserve) throw this.failReserve;
    const existing = this.reservations.get(orderId);
    if (existing) return existing;
    for (const line of lines) {
      const product = this.stock.get(line.productId);
      if (!product) throw new RemoteError(GrpcStatus.NOT_FOUND, 'PRODUCT_NOT_FOUND', 'no product', { domain: 'product.acme.dev', metadata: { product_id: line.productId } });
      if (product.stock < line.quantity) {
        throw new RemoteError(GrpcStatus.FAILED_PRECONDITION, 'INSUFFICIENT_STOCK', 'not enough stock', {
          domain: 'product.acme.dev',
          metadata: { product_id: line.productId, requested: String(line.quantity), available: String(product.stock) },
        });
      }
    }
    const reserved = lines.map((line) => {
      const product = this.stock.get(line.productId)!;
      product.stock -= line.quantity;
      return { productId: line.productId, quantity: line.quantity, unitPriceCents: product.priceCents, currency: product.currency };
    });
    this.reservations.set(orderId, reserved);
    return reserved;
  }

  async release(orderId: string): Promise<void> {
    this.calls.release++;
    if (this.failRelease) throw this.failRelease;
    for (const line of this.reservations.get(orderId) ?? []) this.stock.get(line.productId)!.stock += line.quantity;
    this.reservations.delete(orderId);
  }
}

export class FakeUsers extends UserDirectory {
  readonly known = new Set<string>();
  calls = 0;

  async exists(userId: string): Promise<boolean> {
    this.calls++;
    return this.known.has(userId);
  }
}

export class RecordingFaults extends OrderFaults {
  readonly reserved: string[] = [];

  afterStockReserved(orderId: string): void {
    this.reserved.push(orderId);
  }
}
