/**
 * Throughput and p99 latency of authenticated requests to the classifications endpoint under 100
 * concurrent connections, beside a bare node:http server returning the same bytes. Both servers run
 * in child processes; autocannon drives them from this one, one after the other.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, spawnNode, stop, waitFor } from './util.ts';

export interface HttpBenchResult {
  taskshare: { rps: number; p99: number; non2xx: number };
  bare: { rps: number; p99: number; non2xx: number };
  ratio: number;
}

async function load(url: string, headers: Record<string, string>, seconds: number) {
  await autocannon({ url, headers, connections: 100, duration: 2 }); // warm-up
  const r = await autocannon({ url, headers, connections: 100, duration: seconds });
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx + r.errors };
}

export async function benchHttp(seconds = 10): Promise<HttpBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-bench-http-'));
  const port = await freePort();
  const server = spawnNode(['bin/taskshare.mjs', 'serve', '--port', String(port), '--data', dir, '--no-banner',
    '--rate-limit-per-minute', '1000000000', '--rate-limit-per-day', '1000000000']);
  try {
    const url = `http://127.0.0.1:${port}/api/v1/classifications/task`;
    await waitFor(url);
    const key = readFileSync(join(dir, 'read.key'), 'utf8').trim();
    const headers = { authorization: `Bearer ${key}` };
    const body = await (await fetch(url, { headers })).text();
    writeFileSync(join(dir, 'body.json'), body);
    const taskshare = await load(url, headers, seconds);
    await stop(server);

    const barePort = await freePort();
    const bare = spawnNode(['--import', 'tsx', 'bench/servers/bare.ts', join(dir, 'body.json'), String(barePort)]);
    try {
      await waitFor(`http://127.0.0.1:${barePort}/`);
      const baseline = await load(`http://127.0.0.1:${barePort}/api/v1/classifications/task`, headers, seconds);
      return { taskshare, bare: baseline, ratio: taskshare.rps / baseline.rps };
    } finally {
      await stop(bare);
    }
  } finally {
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
  }
}
