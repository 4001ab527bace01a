/**
 * A real server classifying on worker threads: the stored tags and confidences are the in-thread
 * classifier's, a worker crashed mid-batch loses no event, and /healthz answers while a large batch
 * is being classified.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { BuiltinClassifier } from '../src/classify/builtin.ts';
import { CANONICAL } from '../src/classify/canonical.cases.ts';
import type { RequestBody } from '../src/classify/interface.ts';
import { postEvents, startTestServer, type TestServer } from './helpers/server.ts';

const event = (id: string, request: RequestBody) => ({
  id,
  timestamp: Date.now() - 86_400_000,
  model: 'openai/gpt-4.1',
  usage: { prompt_tokens: 100, completion_tokens: 20 },
  request,
});
/** `n` events cycling through the canonical requests, ids prefixed so batches do not collide. */
const batch = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => event(`${prefix}-${i}`, CANONICAL[i % CANONICAL.length]![1]));

describe('classification on worker threads', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'taskshare-workers-'));
  let server: TestServer;
  let key: string;
  const sent = new Map<string, RequestBody>();
  before(async () => {
    server = await startTestServer({ classifierWorkers: 2, maxEventsPerRequest: 10_000, maxBodyBytes: 32 * 1024 * 1024 }, { dataDir });
    key = await server.createKey('ingester', ['ingest']);
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const post = async (events: ReturnType<typeof batch>) => {
    for (const e of events) sent.set(e.id, e.request);
    const res = await postEvents(server.url, key, events);
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { data: { accepted: number; rejected: unknown[] } }).data;
  };

  it('runs with the configured workers', () => {
    assert.equal(server.classifierPool?.liveWorkers, 2);
  });

  it('answers /healthz while a large batch is classified', async () => {
    const pool = server.classifierPool!;
    const ingest = post(batch('big', 4000));
    while (pool.inFlight === 0) await new Promise((r) => setImmediate(r));
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal((await ingest).accepted, 4000);
  });

  it('loses no event when a worker crashes mid-batch', async () => {
    const pool = server.classifierPool!;
    const ingest = post(batch('crash', 3000));
    while (pool.inFlight === 0) await new Promise((r) => setImmediate(r));
    pool.crashWorker(0);
    const summary = await ingest;
    assert.equal(summary.accepted, 3000);
    assert.deepEqual(summary.rejected, []);
    assert.equal(pool.restarts, 1);
    assert.equal(pool.liveWorkers, 2);
    assert.ok(server.logs.some((l) => l.includes('a classifier worker died')));
  });

  it('stores exactly what the in-thread classifier answers', async () => {
    await post(batch('same', 500));
    await server.stop();
    const db = await DuckDBInstance.create(join(dataDir, 'taskshare.duckdb'));
    const conn = await db.connect();
    const rows = (await (await conn.run('SELECT id, tag, confidence, classifier_version FROM events')).getRowObjects()) as Array<{
      id: string;
      tag: string;
      confidence: number;
      classifier_version: string;
    }>;
    conn.closeSync();
    const local = new BuiltinClassifier({ threshold: server.config.classifierThreshold });
    assert.equal(rows.length, sent.size);
    for (const r of rows) {
      const want = local.classifySync(sent.get(r.id)!);
      assert.deepEqual(
        { id: r.id, tag: r.tag, confidence: r.confidence, version: r.classifier_version },
        { id: r.id, tag: want.tag, confidence: want.confidence, version: local.version },
      );
    }
  });
});
