import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';

/**
 * Whether the gateway is draining: set when shutdown begins, so requests that still arrive
 * on open connections are refused (503) and every response closes its connection, while
 * in-flight requests finish.
 */
@Injectable()
export class DrainState implements BeforeApplicationShutdown {
  private isDraining = false;

  get draining(): boolean {
    return this.isDraining;
  }

  beforeApplicationShutdown(): void {
    this.isDraining = true;
  }
}
