// Preloaded into every server the bench starts (NODE_OPTIONS=--import, see gcEnv in
// processes.mjs): keeps the process's garbage-collection totals in $BENCH_GC_DIR/<pid>.json,
// rewritten after each collection, so the bench reads per-round differences from outside
// without signalling the process. What it adds to the process: one small file write and a
// rename per collection (a few per second under load). Node delivers GC entries on the next
// turn of the event loop, so a collection just before a process falls idle is counted when it
// wakes.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';

const file = join(process.env.BENCH_GC_DIR ?? '.', `${process.pid}.json`);
const draft = `${file}.tmp`;
/** Young-generation collections (scavenges) apart from the rest (mark-compact, incremental marking, weak callbacks). */
const totals = { young: { count: 0, ms: 0 }, other: { count: 0, ms: 0 } };

/** Written aside and renamed over the file: a reader never sees it truncated or half-written. */
function save() {
  try {
    writeFileSync(draft, JSON.stringify(totals));
    renameSync(draft, file);
  } catch {
    // The run's directory is gone: the bench has ended.
  }
}

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const bucket = entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR ? totals.young : totals.other;
    bucket.count += 1;
    bucket.ms += entry.duration;
  }
  save();
}).observe({ entryTypes: ['gc'] });
save();
