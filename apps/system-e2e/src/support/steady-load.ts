/** Outcome of a bounded load run. */
export interface LoadResult {
  readonly ok: number;
  readonly failed: number;
  readonly failures: string[];
}

/**
 * Sends GET requests to `url` from `concurrency` workers, back to back, until `stop()` is
 * called or `maxMs` passes (whichever first): bounded in time, loopback only.
 */
export function steadyLoad(url: string, options: { concurrency: number; maxMs: number; headers?: Record<string, string> }): {
  stop(): Promise<LoadResult>;
  readonly counts: { ok: number; failed: number };
} {
  const counts = { ok: 0, failed: 0 };
  const failures: string[] = [];
  let running = true;
  const deadline = Date.now() + options.maxMs;
  const worker = async (): Promise<void> => {
    while (running && Date.now() < deadline) {
      try {
        const response = await fetch(url, { headers: options.headers });
        await response.arrayBuffer();
        if (response.ok) counts.ok++;
        else {
          counts.failed++;
          failures.push(`${response.status}`);
        }
      } catch (error) {
        counts.failed++;
        failures.push(String(error));
      }
    }
  };
  const workers = Array.from({ length: options.concurrency }, () => worker());
  return {
    counts,
    async stop() {
      running = false;
      await Promise.all(workers);
      return { ok: counts.ok, failed: counts.failed, failures };
    },
  };
}
