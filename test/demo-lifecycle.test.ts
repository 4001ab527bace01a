/**
 * The demo dataset is all or nothing across a kill -9, loads on its own only into the embedded store,
 * and `taskshare demo remove` takes out exactly its events and what they added to the shares.
 */
// test-needs: postgres
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { freePort, stop, waitFor } from '../bench/util.ts';
import { generateDemoEvents } from '../src/demo/generate.ts';
import { readDemoMarker } from '../src/demo/lifecycle.ts';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { CLI } from './helpers/cli.ts';
import { postEvents, startTestServer, taggedEvent } from './helpers/server.ts';

const pgUrl = process.env.TASKSHARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A child `taskshare serve` whose log lines are collected as they come. */
function serve(dir: string, port: number): { child: ChildProcess; logs: string[]; saw: (pattern: RegExp) => Promise<void> } {
  const child = spawn(process.execPath, [...CLI, 'serve', '--port', String(port), '--data', dir, '--no-banner'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: string[] = [];
  let waiting: Array<() => void> = [];
  child.stdout!.on('data', (chunk) => {
    logs.push(...String(chunk).split('\n').filter(Boolean));
    for (const w of waiting) w();
  });
  const saw = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (logs.some((l) => pattern.test(l))) {
          waiting = waiting.filter((w) => w !== check);
          resolve();
        } else if (child.exitCode !== null) reject(new Error(`exited before ${pattern}: ${logs.join('\n')}`));
      };
      waiting.push(check);
      check();
    });
  return { child, logs, saw };
}

it('kill -9 while the demo loads: the next start completes it, every event once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-demo-'));
  try {
    const port = await freePort();
    const first = serve(dir, port);
    // Killed once the first batch is committed: the store then holds a part of the demo only.
    await first.saw(/demo dataset: a batch is in/);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    assert.ok(!first.logs.some((l) => /loaded the demo dataset/.test(l)), 'killed before the load finished');

    const second = serve(dir, port);
    await waitFor(`http://127.0.0.1:${port}/healthz`);
    await second.saw(/resumed the interrupted load of the demo dataset/);
    const resumed = JSON.parse(second.logs.find((l) => /resumed the interrupted/.test(l))!) as { alreadyStored: number; added: number };
    assert.ok(resumed.alreadyStored >= 10_000 && resumed.added > 0, JSON.stringify(resumed));
    await stop(second.child);

    const store = await DuckDbStore.open({ dataDir: dir });
    try {
      const marker = await readDemoMarker(store);
      assert.equal(marker?.state, 'complete');
      const expected = [...generateDemoEvents(marker!)].length;
      assert.equal(resumed.alreadyStored + resumed.added, expected);
      assert.equal(await store.countEvents(), expected);
      // Nothing counted twice in the rollups either.
      const requests = (await store.rollups('2000-01-01', '2100-01-01')).reduce((n, r) => n + r.requests, 0);
      assert.equal(requests, expected);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

it('auto never loads the demo into PostgreSQL, and says so', async () => {
  const schema = `demo_${randomBytes(6).toString('hex')}`;
  const server = await startTestServer({ store: 'postgres', databaseUrl: pgUrl, pgSchema: schema, demo: 'auto' });
  try {
    assert.equal(await server.store.countEvents(), 0);
    assert.ok(server.logs.some((l) => /loaded automatically only into the embedded DuckDB store/.test(l)));
  } finally {
    await server.stop();
    await dropSchema(schema);
  }
});

/** Runs `taskshare demo remove` against a server; resolves to its exit code and output. */
function demoRemove(url: string, dataDir: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, 'demo', 'remove', '--data', dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TASKSHARE_URL: url },
    });
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

for (const store of ['duckdb', 'postgres'] as const) {
  describe(`taskshare demo remove on ${store}`, () => {
    it('removes exactly the demo events and their share of the rollups; auto does not bring them back', async () => {
      const schema = `demo_${randomBytes(6).toString('hex')}`;
      const settings = store === 'postgres' ? { store, databaseUrl: pgUrl, pgSchema: schema } : {};
      const dataDir = mkdtempSync(join(tmpdir(), 'taskshare-demo-rm-'));
      let server = await startTestServer({ ...settings, demo: 'on' }, { dataDir });
      try {
        const demoEvents = await server.store.countEvents();
        assert.ok(demoEvents > 50_000);
        // Real events on the same days, tags and models as demo ones: their rollup rows are shared.
        const key = await server.createKey('real', ['ingest']);
        const real = [
          taggedEvent('r1', { tag: 'math', model: 'openai/gpt-5', app: 'ide' }),
          taggedEvent('r2', { tag: 'math', model: 'openai/gpt-5' }),
          taggedEvent('r3', { tag: 'translation', model: null, app: 'chat' }),
          taggedEvent('demo-but-real', { tag: 'translation', model: 'openai/gpt-5', app: 'chat' }),
        ];
        assert.equal((await postEvents(server.url, key, real)).status, 200);
        const removed = await demoRemove(server.url, dataDir);
        assert.equal(removed.code, 0);
        assert.equal(removed.stdout, `Removed ${demoEvents} demo events and their share of the rollups\n`);
        assert.equal(await server.store.countEvents(), real.length);
        const rows = (await server.store.rollups('2000-01-01', '2100-01-01')).sort(
          (a, b) => a.tag.localeCompare(b.tag) || String(a.model).localeCompare(String(b.model)),
        );
        // Exactly what the real events add: squares of 120 tokens each, no cost.
        assert.deepEqual(rows, [
          { tag: 'math', model: 'openai/gpt-5', requests: 2, tokens: 240, tokenSquares: 28800, cost: 0, costRequests: 0 },
          { tag: 'translation', model: null, requests: 1, tokens: 120, tokenSquares: 14400, cost: 0, costRequests: 0 },
          { tag: 'translation', model: 'openai/gpt-5', requests: 1, tokens: 120, tokenSquares: 14400, cost: 0, costRequests: 0 },
        ]);
        // The served shares changed with it (the cached snapshot was dropped).
        const body = (await (await server.get('/api/v1/classifications/task')).json()) as {
          data: { classifications: Array<{ tag: string; usage_share: number }> };
        };
        assert.deepEqual(
          body.data.classifications.map((c) => [c.tag, c.usage_share]),
          [
            ['math', 0.5],
            ['translation', 0.5],
          ],
        );
        await server.stop();
        // An automatic start into the now nearly empty store does not load it again.
        server = await startTestServer({ ...settings, demo: 'auto' }, { dataDir });
        assert.equal(await server.store.countEvents(), real.length);
      } finally {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
        if (store === 'postgres') await dropSchema(schema);
      }
    });
  });
}
