/**
 * The latency `taskshare proxy` adds: sequential requests (one connection, so each time is one
 * request's latency) to a local OpenAI-compatible upstream, directly and through the proxy, which
 * classifies every request (sample rate 1) and sends the events to a real taskshare server. Upstream,
 * proxy and server run in child processes; rounds alternate direct and proxied, and the reported ratio
 * is the median of the rounds' ratios of median latencies (the machine drifts; adjacent runs see about
 * the same machine).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, spawnNode, stop, waitFor } from './util.ts';

export interface ProxyBenchResult {
  rows: Array<{ kind: string; directMs: number; proxyMs: number; ratio: number; ratios: number[] }>;
  requests: number;
  rounds: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function medianLatency(url: string, body: string, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await post(url, body);
    times.push(performance.now() - t);
  }
  return median(times);
}

export async function benchProxy(requests: number, rounds: number): Promise<ProxyBenchResult> {
  const [upPort, serverPort, proxyPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'taskshare-bench-proxy-'));
  const upstream = spawnNode(['--import', 'tsx', 'bench/servers/llm-upstream.ts', String(upPort)]);
  const server = spawnNode([
    'bin/taskshare.mjs',
    'serve',
    '--port',
    String(serverPort),
    '--data',
    dataDir,
    '--no-demo',
    '--no-banner',
    '--log-level',
    'warn',
    '--rate-limit-per-minute',
    '1000000',
    '--rate-limit-per-day',
    '100000000',
  ]);
  let proxy: ReturnType<typeof spawnNode> | undefined;
  try {
    const serverUrl = `http://127.0.0.1:${serverPort}`;
    await waitFor(`${serverUrl}/healthz`);
    const admin = readFileSync(join(dataDir, 'admin.key'), 'utf8').trim();
    const created = await fetch(`${serverUrl}/api/v1/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'bench-proxy', scopes: ['ingest'] }),
    });
    const key = ((await created.json()) as { data: { key: string } }).data.key;
    proxy = spawnNode(
      [
        'bin/taskshare.mjs',
        'proxy',
        '--upstream',
        `http://127.0.0.1:${upPort}`,
        '--port',
        String(proxyPort),
        '--url',
        serverUrl,
        '--key',
        key,
        '--sample-rate',
        '1',
      ],
      { TASKSHARE_LOG_LEVEL: 'warn' },
    );
    await waitFor(`http://127.0.0.1:${proxyPort}/_taskshare/healthz`);
    await waitFor(`http://127.0.0.1:${upPort}/`);

    const messages = [
      { role: 'system', content: 'You are a senior Python reviewer.' },
      { role: 'user', content: 'Why does this raise KeyError?\n\nconfig = {}\nprint(config["port"])' },
    ];
    const kinds = [
      { kind: 'chat completion, JSON', body: JSON.stringify({ model: 'gpt-4o-mini', messages }) },
      {
        kind: 'chat completion, stream',
        body: JSON.stringify({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } }),
      },
    ];
    const rows: ProxyBenchResult['rows'] = [];
    for (const { kind, body } of kinds) {
      const direct = `http://127.0.0.1:${upPort}/v1/chat/completions`;
      const proxied = `http://127.0.0.1:${proxyPort}/v1/chat/completions`;
      await medianLatency(direct, body, 200); // warm-up of both paths
      await medianLatency(proxied, body, 200);
      const d: number[] = [];
      const p: number[] = [];
      for (let r = 0; r < rounds; r++) {
        d.push(await medianLatency(direct, body, requests));
        p.push(await medianLatency(proxied, body, requests));
      }
      const ratios = d.map((x, i) => p[i]! / x);
      rows.push({ kind, directMs: median(d), proxyMs: median(p), ratio: median(ratios), ratios });
    }
    return { rows, requests, rounds };
  } finally {
    agent.destroy();
    if (proxy) await stop(proxy);
    await stop(server);
    await stop(upstream);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
