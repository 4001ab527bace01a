/**
 * Starts a real taskshare server for a test: a temporary data directory, a free port, the demo off,
 * log lines captured in memory (so tests can search them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Config, loadConfig } from '../../src/config/index.ts';
import { type RunningServer, startServer } from '../../src/main.ts';

export interface TestServer extends Omit<RunningServer, 'adminKey' | 'readKey'> {
  /** '' on a shared store whose bootstrap keys another server made. */
  adminKey: string;
  readKey: string;
  dataDir: string;
  logs: string[];
  config: Config;
  /** Makes a key through the admin API, as the CLI does. */
  createKey(account: string, scopes: string[]): Promise<string>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestServer(
  settings: Record<string, unknown> = {},
  options: { now?: () => number; dataDir?: string } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'taskshare-test-'));
  const config = loadConfig({}, { port: 0, host: '127.0.0.1', dataDir, demo: 'off', banner: false, logLevel: 'info', ...settings });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const server = await startServer(config, { logDestination: sink, now: options.now });
  return {
    ...server,
    adminKey: server.adminKey ?? '',
    readKey: server.readKey ?? '',
    dataDir,
    logs,
    config,
    async createKey(account, scopes) {
      const res = await fetch(`${server.url}/api/v1/admin/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ account, scopes }),
      });
      if (res.status !== 201) throw new Error(`createKey: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { data: { key: string } }).data.key;
    },
    get(path, headers = {}) {
      return fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.readKey}`, ...headers } });
    },
    async stop() {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An event record with an upstream tag, `daysAgo` before `nowMs` at noon UTC unless `timestamp` is given. */
export function taggedEvent(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    timestamp: Date.now() - 86_400_000,
    model: 'openai/gpt-4.1',
    usage: { prompt_tokens: 100, completion_tokens: 20 },
    tag: 'math',
    ...over,
  };
}

export async function postEvents(url: string, key: string, events: unknown[], contentType = 'application/x-ndjson'): Promise<Response> {
  const body = contentType.includes('ndjson')
    ? events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n')
    : JSON.stringify(events);
  return fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': contentType }, body });
}
