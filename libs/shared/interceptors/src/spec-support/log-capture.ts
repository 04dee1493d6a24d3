import { EventEmitter } from 'node:events';
import { type DestinationStream } from 'pino';

export type LogLine = Record<string, unknown>;

/** A pino destination that keeps every line and lets a spec wait for one (event-driven). */
export class LogCapture implements DestinationStream {
  readonly lines: LogLine[] = [];
  private readonly written = new EventEmitter();

  write(line: string): void {
    this.lines.push(JSON.parse(line) as LogLine);
    this.written.emit('line');
  }

  /** Resolves with the first line matching `predicate`, written already or within `timeoutMs`. */
  waitFor(predicate: (line: LogLine) => boolean, timeoutMs = 5_000): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.lines.find(predicate);
        if (found === undefined) return;
        clearTimeout(timer);
        this.written.off('line', check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.written.off('line', check);
        reject(new Error(`no matching log line within ${timeoutMs} ms among ${this.lines.length}`));
      }, timeoutMs);
      this.written.on('line', check);
      check();
    });
  }
}
