import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RecoverOrdersUseCase } from './recover-orders.use-case';

/** Injection token of the recovery timing. */
export const ORDER_RECOVERY_OPTIONS = Symbol('ORDER_SERVICE:RECOVERY_OPTIONS');

export interface OrderRecoveryOptions {
  /** Age after which an unfinished order is presumed abandoned by its instance. */
  readonly leaseMs: number;
  /** How often to look for them after the sweep at start. */
  readonly intervalMs: number;
}

/**
 * Runs recovery once at start (in the background, so a product service that is down does not
 * hold up the server) and then periodically. Sweeps never overlap; shutdown waits for the
 * running one before the database and channels close.
 */
@Injectable()
export class OrderRecoveryScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrderRecoveryScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly recoverOrders: RecoverOrdersUseCase,
    @Inject(ORDER_RECOVERY_OPTIONS) private readonly options: OrderRecoveryOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.sweep();
    this.timer = setInterval(() => this.sweep(), this.options.intervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private sweep(): void {
    this.running ??= this.recoverOrders
      .execute(this.options.leaseMs)
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ err: error }, 'order recovery failed'))
      .finally(() => (this.running = undefined));
  }
}
