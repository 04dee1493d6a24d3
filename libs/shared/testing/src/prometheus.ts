import { execFile } from 'node:child_process';

/**
 * The value of the series `name` whose labels are exactly `labels` (in any order) in a
 * Prometheus text exposition, or undefined when there is none.
 */
export function sample(text: string, name: string, labels: Readonly<Record<string, string>>): number | undefined {
  const wanted = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const found = [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]).sort(([a], [b]) => String(a).localeCompare(String(b)));
    if (JSON.stringify(found) === JSON.stringify(wanted)) return Number(match[3]);
  }
  return undefined;
}


/**
 * Runs `promtool check metrics` on an exposition: resolves with its report when the text parses
 * and passes the linter, rejects otherwise. promtool comes from Debian's `prometheus` package.
 */
export function promtoolCheckMetrics(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('promtool', ['check', 'metrics'], (error, stdout, stderr) => {
      if (error === null) resolve(stdout + stderr);
      else if ('code' in error && error.code === 'ENOENT') reject(new Error('promtool not found: apt-get install prometheus'));
      else reject(new Error(`promtool check metrics failed:\n${stdout}${stderr}`));
    });
    child.stdin?.end(text);
  });
}
