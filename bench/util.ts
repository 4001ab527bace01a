/** Helpers shared by the benchmarks: free ports, child servers, waiting until they answer. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { distIsCurrent } from '../scripts/source-stamp.mjs';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function waitFor(url: string, headers: Record<string, string> = {}, timeoutMs = 120_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      const res = await fetch(url, { headers });
      if (res.status < 500) return;
    } catch { /* not up yet */ }
    if (Date.now() - start > timeoutMs) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function spawnNode(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** What bin/taskshare.mjs will run: the compiled dist/ when it is current, else src/ through tsx. */
export function runsFrom(): string {
  return distIsCurrent(process.cwd())
    ? 'dist/ (compiled by npm install / npm run build)'
    : 'src/ through tsx (dist/ missing or older than src/: run `npm run build`)';
}
