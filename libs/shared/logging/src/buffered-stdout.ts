import { destination } from 'pino';

/** pino's asynchronous destination (a sonic-boom stream). */
export type BufferedDestination = ReturnType<typeof destination>;

/** Longest a JSON line waits in the buffer before it is written. */
export const LOG_FLUSH_INTERVAL_MS = 100;

/** Lines are written once this many bytes are buffered, or at the next flush. */
export const LOG_CHUNK_BYTES = 4096;

/**
 * JSON lines to stdout, asynchronously and in chunks of at least {@link LOG_CHUNK_BYTES}, or
 * every {@link LOG_FLUSH_INTERVAL_MS}: a synchronous write per line blocked the event loop for
 * ~80 µs per request under load, and an asynchronous write per line still cost a syscall each
 * (~35 µs per request in `npm run bench` profiles). pino writes what is buffered when the
 * process exits; a SIGKILL loses at most the last interval.
 */
export function bufferedStdout(): BufferedDestination {
  const stdout = destination({ dest: 1, sync: false, minLength: LOG_CHUNK_BYTES });
  flushPeriodically(stdout, LOG_FLUSH_INTERVAL_MS);
  return stdout;
}

/**
 * Every `intervalMs`, writes out what `stream` holds below its minLength, when it holds
 * anything. Hand-written because sonic-boom's own `periodicFlush` option (like an unconditional
 * `flush()`) writes even an empty buffer: a write through the libuv thread pool ten times a
 * second in every idle process. Bytes are counted in as pino hands lines over and out as
 * sonic-boom reports them written (its `write` event), both public.
 */
export function flushPeriodically(stream: BufferedDestination, intervalMs: number): void {
  let unwritten = 0;
  const write = stream.write.bind(stream);
  stream.write = (line: string): boolean => {
    unwritten += Buffer.byteLength(line);
    return write(line);
  };
  stream.on('write', (bytes: number) => {
    unwritten = Math.max(0, unwritten - bytes);
  });
  const timer = setInterval(() => {
    if (unwritten === 0) return;
    try {
      // Does nothing while a write is under way; the next tick tries again.
      stream.flush();
    } catch {
      clearInterval(timer); // destroyed: the process is exiting
    }
  }, intervalMs).unref();
}
