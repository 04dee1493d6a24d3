// Child processes of a benchmark run: spawned pinned to a core, each in its own process group,
// and every one of them killed when the run ends, whether it ends well, throws or is interrupted.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const HAS_TASKSET = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** Every live child of this run, by pid (each leads its own process group). */
const live = new Map();

function killAllSync(signal) {
  for (const pid of live.keys()) {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Async clean-ups (dropping databases) still run when the run is interrupted. */
const interruptCleanups = [];

/** Registers a clean-up that must also run on Ctrl-C / SIGTERM (bounded to 10 s in all). */
export function onInterrupt(cleanup) {
  interruptCleanups.push(cleanup);
}

// A crashed or interrupted run must not leave servers or load generators behind.
process.on('exit', () => killAllSync('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAllSync('SIGKILL');
    const cleanups = Promise.allSettled(interruptCleanups.map((cleanup) => cleanup()));
    void Promise.race([cleanups, delay(10_000)]).finally(() => process.exit(130));
  });
}

/** Whether `taskset` can pin processes here (it can on Linux with util-linux). */
export const canPin = HAS_TASKSET;

/**
 * A managed child process.
 * @typedef {{ name: string, pid: number, child: import('node:child_process').ChildProcess,
 *   output: () => string, exited: Promise<{ code: number | null, signal: string | null }> }} Managed
 */

/**
 * Starts a command pinned to `core` (when taskset exists), in its own process group, and in the
 * cgroup whose `cgroup.procs` file is `cgroupProcs` when given (it joins before it execs).
 * stdout goes to `stdoutFile` when given (the gateway's request log), else is kept in memory
 * (last 64 KiB) for error messages.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: Record<string, string | undefined>, core?: number, cwd?: string, stdoutFile?: string, cgroupProcs?: string }} options
 * @returns {Managed}
 */
export function start(name, command, args, options = {}) {
  const [inner, innerArgs] = options.cgroupProcs
    ? ['sh', ['-c', 'echo $$ > "$0" && exec "$@"', options.cgroupProcs, command, ...args]]
    : [command, args];
  const pinned = options.core !== undefined && HAS_TASKSET;
  const file = pinned ? 'taskset' : inner;
  const argv = pinned ? ['-c', String(options.core), inner, ...innerArgs] : innerArgs;
  const stdoutFd = options.stdoutFile ? openSync(options.stdoutFile, 'a') : undefined;
  const child = spawn(file, argv, {
    cwd: options.cwd,
    env: options.env ? cleanEnv(options.env) : process.env,
    stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
    detached: true,
  });
  if (stdoutFd !== undefined) closeSync(stdoutFd);
  let buffered = '';
  const keep = (chunk) => {
    buffered = (buffered + chunk.toString()).slice(-65_536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  live.set(child.pid, name);
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child.pid);
      resolve({ code, signal });
    });
    child.on('error', (error) => {
      keep(String(error));
      live.delete(child.pid);
      resolve({ code: -1, signal: null });
    });
  });
  return { name, pid: child.pid, child, output: () => buffered, exited };
}

/**
 * Runs a command to completion (a load generator) and returns its stdout.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: Record<string, string | undefined>, core?: number, cwd?: string, timeoutMs: number }} options
 */
export async function runToEnd(name, command, args, options) {
  const managed = start(name, command, args, options);
  let stdout = '';
  managed.child.stdout?.on('data', (chunk) => (stdout += chunk.toString()));
  const timer = setTimeout(() => stop(managed, 0), options.timeoutMs);
  const { code, signal } = await managed.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${name} failed (exit ${code ?? signal}):\n${managed.output().slice(-4000)}`);
  return stdout;
}

/**
 * SIGTERM, then SIGKILL after `graceMs`, to the whole process group; resolves on exit.
 * @param {Managed | undefined} managed
 */
export async function stop(managed, graceMs = 5_000) {
  if (!managed || !live.has(managed.pid)) return;
  try {
    process.kill(-managed.pid, graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-managed.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }, graceMs);
  await managed.exited;
  clearTimeout(timer);
}

/** Stops every child still running (in parallel). */
export async function stopAll() {
  const pids = [...live.keys()];
  await Promise.all(
    pids.map(async (pid) => {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        return;
      }
      for (let waited = 0; waited < 5_000 && live.has(pid); waited += 50) await delay(50);
      if (!live.has(pid)) return;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }),
  );
}

/** Where gc-observer.mjs keeps each server's garbage-collection totals during this run. */
const GC_DIR = mkdtempSync(join(tmpdir(), 'acme-bench-gc-'));
process.on('exit', () => rmSync(GC_DIR, { recursive: true, force: true }));

/** Env that preloads gc-observer.mjs into a server (NODE_OPTIONS allows --import). */
export function gcEnv() {
  return { NODE_OPTIONS: `--import ${JSON.stringify(new URL('./gc-observer.mjs', import.meta.url).href)}`, BENCH_GC_DIR: GC_DIR };
}

/** @typedef {{ young: { count: number, ms: number }, other: { count: number, ms: number } }} GcTotals */

/**
 * Garbage collection a server has done so far (collections and milliseconds of pause, young
 * generation apart), or undefined when it was not started with gcEnv() or is gone.
 * @returns {GcTotals | undefined}
 */
export function gcTotals(pid) {
  try {
    return JSON.parse(readFileSync(join(GC_DIR, `${pid}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Resident set size of a process in MiB (0 when it is gone). */
export function rssMiB(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** User + system CPU seconds a process has used so far (0 when it is gone). */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces, closed by the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Polls `probe` every `intervalMs` until it returns a truthy value; throws after `timeoutMs`
 * or as soon as `managed` exits.
 * @template T
 * @param {() => Promise<T> | T} probe
 * @param {{ timeoutMs: number, what: string, managed?: Managed, intervalMs?: number }} options
 * @returns {Promise<T>}
 */
export async function waitFor(probe, { timeoutMs, what, managed, intervalMs = 50 }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    if (managed && !live.has(managed.pid)) throw new Error(`${managed.name} exited while waiting for ${what}:\n${managed.output().slice(-4000)}`);
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = managed ? `\n${managed.output().slice(-4000)}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (${lastError.message})` : ''}${detail}`);
    }
    await delay(intervalMs);
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function acceptsConnections(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Established TCP connections owned by `pid` to any of `ports` on 127.0.0.1, per port. */
export function establishedTo(pid, ports) {
  const result = spawnSync('ss', ['-Htnp', 'state', 'established'], { encoding: 'utf8' });
  const counts = Object.fromEntries(ports.map((port) => [port, 0]));
  for (const line of result.stdout.split('\n')) {
    if (!line.includes(`pid=${pid},`)) continue;
    const columns = line.trim().split(/\s+/);
    const peer = columns[3] ?? '';
    const port = Number(peer.slice(peer.lastIndexOf(':') + 1));
    if (port in counts) counts[port] += 1;
  }
  return counts;
}

function cleanEnv(env) {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

