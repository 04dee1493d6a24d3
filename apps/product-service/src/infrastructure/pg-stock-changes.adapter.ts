import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type Observable, Subject } from 'rxjs';
import { DATABASE, type DatabaseHandle } from '@acme/database';
import { serviceStopping } from '../domain/product.errors';
import { StockChanges } from '../domain/stock-changes.port';
import { type StockLevel } from '../domain/stock-level.entity';
import { parseStockPayload, STOCK_CHANNEL } from './stock-notifications';

/**
 * The process's single LISTEN on the stock channel, fanned out to every WatchStock stream
 * through one Subject: a connection per watcher would exhaust PostgreSQL's connections.
 * Notifications come from every instance's commits, so watchers see changes made anywhere.
 */
@Injectable()
export class PgStockChanges extends StockChanges implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PgStockChanges.name);
  private readonly subject = new Subject<StockLevel>();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {
    super();
  }

  async onModuleInit(): Promise<void> {
    this.unlisten = await this.handle.listen(STOCK_CHANNEL, (payload) => {
      const level = parseStockPayload(payload, new Date());
      if (level === undefined) this.logger.warn(`ignored a malformed ${STOCK_CHANNEL} payload: ${payload}`);
      else this.subject.next(level);
    });
  }

  changes(): Observable<StockLevel> {
    return this.subject.asObservable();
  }

  /** Whether any stream is subscribed (a cancelled WatchStock must leave none behind). */
  get observed(): boolean {
    return this.subject.observed;
  }

  /**
   * Ends every open stream with UNAVAILABLE. Called before the server drains at shutdown:
   * watch streams never finish on their own and would hold the drain for its whole budget.
   */
  stop(): void {
    this.subject.error(serviceStopping());
  }

  async onModuleDestroy(): Promise<void> {
    const unlisten = this.unlisten;
    this.unlisten = undefined;
    await unlisten?.();
    this.subject.complete();
  }
}
