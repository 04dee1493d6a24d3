// A memory cgroup with a limit, for `--memory-limit`: a process started in it sees the limit the
// way it would in a container (Node sizes V8's heap from it), and the kernel enforces it.
// cgroup v2 (a `memory` controller in /sys/fs/cgroup/cgroup.controllers) or v1
// (/sys/fs/cgroup/memory); creating one needs root or a delegated subtree.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const V2_ROOT = '/sys/fs/cgroup';
const V1_ROOT = '/sys/fs/cgroup/memory';

/** @typedef {{ path: string, procsFile: string, limitMiB: number, peakMiB: () => number | undefined, oomKills: () => number, remove: () => void }} MemoryCgroup */

function hierarchy() {
  try {
    if (readFileSync(join(V2_ROOT, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('memory')) return 'v2';
  } catch {
    // not cgroup v2 at the root
  }
  return existsSync(join(V1_ROOT, 'memory.limit_in_bytes')) ? 'v1' : undefined;
}

/**
 * Creates the cgroup `name` limited to `limitMiB`; throws saying why when this machine cannot.
 * @returns {MemoryCgroup}
 */
export function createMemoryCgroup(name, limitMiB) {
  const kind = hierarchy();
  if (!kind) throw new Error('--memory-limit: no memory cgroup controller here (cgroup v2 with memory, or v1 at /sys/fs/cgroup/memory)');
  const path = join(kind === 'v2' ? V2_ROOT : V1_ROOT, name);
  const bytes = String(Math.round(limitMiB * 1024 * 1024));
  try {
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, kind === 'v2' ? 'memory.max' : 'memory.limit_in_bytes'), bytes);
  } catch (error) {
    throw new Error(`--memory-limit: cannot create the memory cgroup ${path} (${error.code ?? error.message}): it needs root or a delegated cgroup`);
  }
  const read = (file) => {
    try {
      return readFileSync(join(path, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  return {
    path,
    procsFile: join(path, 'cgroup.procs'),
    limitMiB,
    // memory.peak appeared in Linux 5.19; without it there is no peak to report.
    peakMiB: () => {
      const peak = read(kind === 'v2' ? 'memory.peak' : 'memory.max_usage_in_bytes');
      return peak === undefined ? undefined : Math.round(Number(peak) / 1024 / 1024);
    },
    oomKills: () => {
      const events = read(kind === 'v2' ? 'memory.events' : 'memory.oom_control') ?? '';
      return Number(/oom_kill (\d+)/.exec(events)?.[1] ?? 0);
    },
    remove: () => {
      try {
        rmdirSync(path);
      } catch {
        // still has a process, or already gone
      }
    },
  };
}

/** Whether this process can create memory cgroups here (root, or a delegated cgroup). */
export function canCreateMemoryCgroups() {
  try {
    createMemoryCgroup(`acme-bench-probe-${process.pid}`, 64).remove();
    return true;
  } catch {
    return false;
  }
}

/**
 * The node flags of the runtime image's CMD (`CMD ["node", ...flags, "dist/main.js"]`) in the
 * Dockerfile at `root`: what a container of that tree runs its app with.
 */
export function imageNodeArgs(root) {
  const file = join(root, 'Dockerfile');
  const cmd = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('CMD '))
    .at(-1);
  let argv;
  try {
    argv = cmd === undefined ? undefined : JSON.parse(cmd.slice('CMD '.length));
  } catch {
    // the shell form: refused below
  }
  if (!Array.isArray(argv) || argv[0] !== 'node' || argv.at(-1) !== 'dist/main.js') {
    throw new Error(`${file}: expected a last CMD of the form ["node", ...flags, "dist/main.js"], got ${cmd}`);
  }
  return argv.slice(1, -1);
}
