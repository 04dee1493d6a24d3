// Exact latency percentiles for the load drivers. Kept as raw samples (8 bytes each, a few
// million at most in a 5-minute soak) rather than a histogram library: autocannon's histogram
// rounds to whole milliseconds, and sub-millisecond p50s are what this benchmark compares.

export class LatencyRecorder {
  #samples = new Float64Array(1 << 16);
  #count = 0;

  /** Records one latency in milliseconds. */
  record(ms) {
    if (this.#count === this.#samples.length) {
      const grown = new Float64Array(this.#samples.length * 2);
      grown.set(this.#samples);
      this.#samples = grown;
    }
    this.#samples[this.#count++] = ms;
  }

  get count() {
    return this.#count;
  }

  /** p50/p90/p99/max in milliseconds (nearest-rank), 0 when nothing was recorded. */
  summary() {
    const sorted = this.#samples.subarray(0, this.#count).sort();
    const at = (p) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
    return { p50: at(50), p90: at(90), p99: at(99), max: sorted.length === 0 ? 0 : sorted[sorted.length - 1] };
  }
}

/** CPU use of this process since `since` (a process.cpuUsage() value), as seconds. */
export function cpuSecondsSince(since) {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}
