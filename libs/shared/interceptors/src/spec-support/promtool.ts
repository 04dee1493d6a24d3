import { execFile } from 'node:child_process';

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
