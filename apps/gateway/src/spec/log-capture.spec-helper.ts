/** One JSON log line as pino writes it. */
export type LogLine = Record<string, unknown> & { level?: string; msg?: string };

/** A pino destination that keeps every line, to assert on what was logged (and what was not). */
export class LogCapture {
  readonly lines: LogLine[] = [];

  write(line: string): void {
    this.lines.push(JSON.parse(line) as LogLine);
  }

  /** The lines at `level` ('error', 'warn', 'info', 'debug'). */
  at(level: string): LogLine[] {
    return this.lines.filter((line) => line.level === level);
  }

  /** The lines whose JSON contains `text`. */
  containing(text: string): LogLine[] {
    return this.lines.filter((line) => JSON.stringify(line).includes(text));
  }
}
