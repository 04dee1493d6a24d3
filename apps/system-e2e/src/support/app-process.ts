import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '@acme/testing';

export type AppName = 'gateway' | 'user-service' | 'product-service' | 'order-service';

const WORKSPACE = join(__dirname, '../../../..');

/** One built app running as its own process, as `npm start` and production run it. */
export class AppProcess {
  private child: ChildProcess | undefined;
  private readonly output: string[] = [];
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;

  constructor(
    readonly name: AppName,
    readonly port: number,
    private env: Record<string, string>,
  ) {}

  /** Starts the process and resolves once its main port accepts connections. */
  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    this.env = { ...this.env, ...extraEnv };
    this.exitCode = null;
    this.exitSignal = null;
    const child = spawn(process.execPath, [join(WORKSPACE, 'apps', this.name, 'dist/main.js')], {
      cwd: WORKSPACE,
      env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', LOG_PRETTY: 'false', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.on('exit', (code, signal) => {
      this.exitCode = code;
      this.exitSignal = signal;
    });
    await waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${this.name} exited early:\n${this.logs()}`);
        return acceptsConnections(this.port);
      },
      { timeoutMs: 60_000, intervalMs: 50, what: `${this.name} to listen on ${this.port}` },
    );
  }

  /** The environment the process starts with (beyond PATH and the test defaults). */
  get environment(): Record<string, string> {
    return { ...this.env };
  }

  /** The value of a metric on this process's /metrics (METRICS_PORT), summed over matching series. */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const port = this.name === 'gateway' ? this.port : Number(this.env['METRICS_PORT']);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    let sum = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
      if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return sum;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Sends a signal and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (child === undefined || !this.running) return { code: this.exitCode, signal: this.exitSignal };
    const exited = once(child, 'exit');
    child.kill(signal);
    const [code, exitSignal] = (await exited) as [number | null, NodeJS.Signals | null];
    return { code, signal: exitSignal };
  }

  /** Resolves when the process exits on its own. */
  async exited(): Promise<void> {
    if (this.child && this.running) await once(this.child, 'exit');
  }

  logs(): string {
    return this.output.join('');
  }
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
