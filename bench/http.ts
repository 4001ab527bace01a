/**
 * Throughput and p99 latency of authenticated requests to the classifications endpoint under 100
 * concurrent connections, beside a bare node:http server returning the same bytes. Both servers run
 * in child processes; autocannon drives them from this one, alternating between them for several
 * rounds. Each round's ratio compares two runs seconds apart, and the reported ratio is the median of
 * those (a shared machine drifts over a minute; a pair of adjacent runs sees about the same machine).
 * Beside it, requests per CPU-second of each server process (from /proc): what a request costs the
 * server, whatever the load generator and the machine's other tenants take; steadier, and a diagnostic
 * only: the target is on throughput.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, spawnNode, stop, waitFor } from './util.ts';

interface Run {
  rps: number;
  p99: number;
  non2xx: number /** requests per CPU-second of the server process */;
  perCpuSecond: number;
}

export interface HttpBenchResult {
  taskshare: Run;
  bare: Run;
  ratio: number;
  /** Each round's taskshare / bare ratio, in order. */
  ratios: number[];
  /** Median of each round's ratio of requests per server CPU-second: what a request costs the server. */
  cpuRatio: number;
  rounds: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

async function load(url: string, headers: Record<string, string>, seconds: number, pid: number): Promise<Run> {
  const cpu0 = cpuSeconds(pid);
  const r = await autocannon({ url, headers, connections: 100, duration: seconds });
  return {
    rps: r.requests.average,
    p99: r.latency.p99,
    non2xx: r.non2xx + r.errors,
    perCpuSecond: r.requests.total / (cpuSeconds(pid) - cpu0),
  };
}

function summarize(runs: Run[]): Run {
  return {
    rps: median(runs.map((r) => r.rps)),
    p99: median(runs.map((r) => r.p99)),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    perCpuSecond: median(runs.map((r) => r.perCpuSecond)),
  };
}

export async function benchHttp(seconds = 6, rounds = 5): Promise<HttpBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-bench-http-'));
  const [port, barePort] = [await freePort(), await freePort()];
  const server = spawnNode([
    'bin/taskshare.mjs',
    'serve',
    '--port',
    String(port),
    '--data',
    dir,
    '--no-banner',
    '--rate-limit-per-minute',
    '1000000000',
    '--rate-limit-per-day',
    '1000000000',
  ]);
  let bare: ReturnType<typeof spawnNode> | undefined;
  try {
    const url = `http://127.0.0.1:${port}/api/v1/classifications/task`;
    await waitFor(url);
    const key = readFileSync(join(dir, 'read.key'), 'utf8').trim();
    const headers = { authorization: `Bearer ${key}` };
    writeFileSync(join(dir, 'body.json'), Buffer.from(await (await fetch(url, { headers })).arrayBuffer()));
    bare = spawnNode(['--import', 'tsx', 'bench/servers/bare.ts', join(dir, 'body.json'), String(barePort)]);
    const bareUrl = `http://127.0.0.1:${barePort}/api/v1/classifications/task`;
    await waitFor(bareUrl);

    await load(url, headers, 2, server.pid!); // warm-up, both
    await load(bareUrl, headers, 2, bare.pid!);
    const ours: Run[] = [];
    const base: Run[] = [];
    for (let i = 0; i < rounds; i++) {
      base.push(await load(bareUrl, headers, seconds, bare.pid!));
      ours.push(await load(url, headers, seconds, server.pid!));
    }
    const ratios = ours.map((r, i) => r.rps / base[i]!.rps);
    const cpuRatio = median(ours.map((r, i) => r.perCpuSecond / base[i]!.perCpuSecond));
    return { taskshare: summarize(ours), bare: summarize(base), ratio: median(ratios), ratios, cpuRatio, rounds };
  } finally {
    if (bare) await stop(bare);
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
  }
}
