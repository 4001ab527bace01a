/**
 * `npm run bench -- instances`: the PostgreSQL store beside DuckDB on the same input, and two
 * servers against one on one PostgreSQL.
 * - store ingestion: events/s through each store's insert path (batches of 2,000, no HTTP, no classifier);
 * - snapshot: one uncached computation at 10, 1,000 and 100,000 distinct models, and the longest the
 *   event loop was held meanwhile (it should stay small: the cut to the top models is in the database);
 * - servers: `taskshare serve` processes on PostgreSQL, two ingest clients posting tagged events
 *   (no classification), either both to one server or one to each of two.
 * Skipped, saying so, when PostgreSQL is not reachable.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pg from 'pg';
import { addDays, trailingWindow } from '../src/shares/window.ts';
import { SnapshotService } from '../src/snapshots/snapshot.ts';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store, StoredEvent } from '../src/store/interface.ts';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { TAG_IDS } from '../src/taxonomy/index.ts';
import { freePort, spawnNode, stop, waitFor } from './util.ts';

const PG_URL = process.env.TASKSHARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface InstancesResult {
  skipped?: string;
  ingest: Array<{ store: string; eventsPerSec: number }>;
  snapshot: Array<{ store: string; models: number; ms: number; maxLoopBlockMs: number }>;
  servers: Array<{ setup: string; eventsPerSec: number }>;
}

function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = connect({ host: u.hostname, port: Number(u.port || 5432) }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

const asOf = trailingWindow(Date.now()).asOf;
function events(n: number, models: number, prefix: string): StoredEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    day: addDays(asOf, -(i % 7)),
    tag: TAG_IDS[(i * 7) % TAG_IDS.length]!,
    model: `vendor/model-${i % models}`,
    promptTokens: 500 + (i % 1000),
    completionTokens: 100 + (i % 300),
    userHash: null,
    app: null,
    classifierVersion: 'bench',
    confidence: 1,
    cost: null,
  }));
}

async function fill(store: Store, all: StoredEvent[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < all.length; i += 2000) await store.insertEvents(all.slice(i, i + 2000));
  return all.length / ((performance.now() - started) / 1000);
}

async function snapshotMs(store: Store): Promise<{ ms: number; maxLoopBlockMs: number }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  await new SnapshotService({ store, topModels: 10 }).current();
  const ms = performance.now() - started;
  loop.disable();
  return { ms, maxLoopBlockMs: loop.max / 1e6 };
}

async function serversRun(count: 1 | 2, total: number): Promise<number> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const dirs = [0, 1].slice(0, count).map(() => mkdtempSync(join(tmpdir(), 'taskshare-bench-')));
  const ports = [await freePort(), await freePort()].slice(0, count);
  const args = (i: number) => [
    'bin/taskshare.mjs',
    'serve',
    '--port',
    String(ports[i]),
    '--data',
    dirs[i]!,
    '--no-demo',
    '--no-banner',
    '--log-level',
    'warn',
    '--database-url',
    PG_URL,
    '--pg-schema',
    schema,
    '--ingest-events-per-second',
    '10000000',
  ];
  const children = [spawnNode(args(0))];
  try {
    await waitFor(`http://127.0.0.1:${ports[0]}/healthz`);
    if (count === 2) {
      children.push(spawnNode(args(1)));
      await waitFor(`http://127.0.0.1:${ports[1]}/healthz`);
    }
    const key = readFileSync(join(dirs[0]!, 'admin.key'), 'utf8').trim();
    const body = (client: number, b: number) =>
      Array.from({ length: 2000 }, (_, i) =>
        JSON.stringify({
          id: `c${client}-${b}-${i}`,
          timestamp: Date.now() - 86_400_000,
          model: `m/${i % 50}`,
          usage: { prompt_tokens: 10, completion_tokens: 1 },
          tag: TAG_IDS[i % TAG_IDS.length],
        }),
      ).join('\n');
    const perClient = Math.floor(total / 2 / 2000);
    const started = performance.now();
    await Promise.all(
      [0, 1].map(async (c) => {
        const url = `http://127.0.0.1:${ports[c % count]}/api/v1/events`;
        for (let b = 0; b < perClient; b++) {
          const res = await fetch(url, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
            body: body(c, b),
          });
          if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
        }
      }),
    );
    return (2 * perClient * 2000) / ((performance.now() - started) / 1000);
  } finally {
    for (const c of children) await stop(c);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    const db = new pg.Client({ connectionString: PG_URL });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
  }
}

export async function benchInstances(eventsCount: number): Promise<InstancesResult> {
  const result: InstancesResult = { ingest: [], snapshot: [], servers: [] };
  if (!(await reachable(PG_URL))) return { ...result, skipped: `no PostgreSQL at ${PG_URL} (set TASKSHARE_TEST_DATABASE_URL)` };
  for (const models of [10, 1_000, 100_000]) {
    const input = events(eventsCount, models, `b${models}`);
    for (const kind of ['duckdb', 'postgres'] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'taskshare-bench-'));
      const schema = `bench_${randomBytes(4).toString('hex')}`;
      const store: Store = kind === 'duckdb' ? await DuckDbStore.open({ dataDir: dir }) : await PostgresStore.open({ url: PG_URL, schema });
      try {
        const eventsPerSec = await fill(store, input);
        if (models === 1_000) result.ingest.push({ store: kind, eventsPerSec });
        result.snapshot.push({ store: kind, models: Math.min(models, eventsCount), ...(await snapshotMs(store)) });
      } finally {
        if (store instanceof PostgresStore) await store.dropSchema();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  result.servers.push({ setup: 'one server, two clients', eventsPerSec: await serversRun(1, eventsCount) });
  result.servers.push({ setup: 'two servers, one client each', eventsPerSec: await serversRun(2, eventsCount) });
  return result;
}
