import fs, { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { destination } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPeriodically } from './buffered-stdout';

describe('flushPeriodically', () => {
  const dirs: string[] = [];
  const streams: ReturnType<typeof destination>[] = [];

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    for (const stream of streams.splice(0)) stream.destroy();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function bufferedFile(): Promise<{ file: string; stream: ReturnType<typeof destination> }> {
    const dir = mkdtempSync(join(tmpdir(), 'acme-flush-'));
    dirs.push(dir);
    const file = join(dir, 'out.log');
    const stream = destination({ dest: file, sync: false, minLength: 4096 });
    await once(stream, 'ready');
    streams.push(stream);
    return { file, stream };
  }

  it('writes a line below the chunk size at the next tick, and makes no write while nothing is buffered', async () => {
    // Only the interval is faked: sonic-boom's writes still go through the real thread pool.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { file, stream } = await bufferedFile();
    flushPeriodically(stream, 100);
    const writes = vi.spyOn(fs, 'write');

    vi.advanceTimersByTime(1_000);
    expect(writes).not.toHaveBeenCalled();

    stream.write('{"msg":"one"}\n');
    expect(writes).not.toHaveBeenCalled();
    const written = once(stream, 'write');
    vi.advanceTimersByTime(100);
    expect(writes).toHaveBeenCalledTimes(1);
    await written;
    expect(readFileSync(file, 'utf8')).toBe('{"msg":"one"}\n');

    vi.advanceTimersByTime(1_000);
    expect(writes).toHaveBeenCalledTimes(1);
  });

  it('writes what arrived during a write at a later tick', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { file, stream } = await bufferedFile();
    flushPeriodically(stream, 100);

    stream.write('first\n');
    const firstWritten = once(stream, 'write');
    vi.advanceTimersByTime(100);
    // The first write is under way: this line waits in the buffer, below the chunk size.
    stream.write('second\n');
    await firstWritten;
    expect(readFileSync(file, 'utf8')).toBe('first\n');

    const secondWritten = once(stream, 'write');
    vi.advanceTimersByTime(100);
    await secondWritten;
    expect(readFileSync(file, 'utf8')).toBe('first\nsecond\n');
  });
});
