/**
 * Upgrading in place: the current code starts on a data directory that taskshare 0.1.0 wrote
 * (test/fixtures/upgrade-0.1.0: its DuckDB file, keys and secret, and the answers 0.1.0 served from it;
 * make.ts there says how it was made), migrates it, keeps its keys, and serves the same numbers.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { postEvents, startTestServer, type TestServer } from './helpers/server.ts';

const FIXTURE = new URL('./fixtures/upgrade-0.1.0/', import.meta.url);
const NOW = Date.parse('2026-11-20T12:00:00Z'); // the clock the fixture was written under
const answers = JSON.parse(readFileSync(new URL('answers.json', FIXTURE), 'utf8')) as { contract: unknown; taskshare28d: unknown };

/** `actual` holds everything `expected` has, with equal values (newer versions may add fields). */
function assertHolds(actual: unknown, expected: unknown, path = '$'): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path} is an array`);
    assert.equal(actual.length, expected.length, `${path} length`);
    expected.forEach((e, i) => {
      assertHolds(actual[i], e, `${path}[${i}]`);
    });
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path} is an object`);
    for (const [k, v] of Object.entries(expected)) assertHolds((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    assert.equal(actual, expected, path);
  }
}

async function migrationsApplied(dataDir: string): Promise<number[]> {
  const db = await DuckDBInstance.create(join(dataDir, 'taskshare.duckdb'));
  const c = await db.connect();
  try {
    return (await (await c.run('SELECT version FROM schema_migrations ORDER BY version')).getRowObjects()).map((r) => Number(r.version));
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

describe('upgrading a 0.1.0 data directory', () => {
  let dataDir: string;
  let server: TestServer;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'taskshare-upgrade-'));
    execFileSync('tar', ['-xzf', new URL('data.tgz', FIXTURE).pathname, '-C', dataDir]);
    server = await startTestServer({}, { dataDir, now: () => NOW });
  });
  after(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the keys 0.1.0 made', async () => {
    assert.equal(server.readKey, readFileSync(join(dataDir, 'read.key'), 'utf8').trim());
    assert.equal((await server.get('/api/v1/classifications/task')).status, 200);
  });

  it('serves the contract endpoint exactly as 0.1.0 did', async () => {
    assert.deepEqual(await (await server.get('/api/v1/classifications/task')).json(), answers.contract);
  });

  it("serves every number of taskshare's read API that 0.1.0 served", async () => {
    assertHolds(await (await server.get('/api/v1/taskshare/classifications?window=28d')).json(), answers.taskshare28d);
  });

  it('takes new events beside the old ones, and a second start migrates nothing more', async () => {
    const res = await postEvents(server.url, server.adminKey, [
      {
        id: 'after-upgrade',
        timestamp: NOW - 86_400_000,
        model: 'openai/gpt-4.1',
        usage: { prompt_tokens: 5, completion_tokens: 1 },
        tag: 'math',
      },
    ]);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { data: { accepted: number } }).data.accepted, 1);
    await server.stop();
    const before = await migrationsApplied(dataDir);
    assert.ok(before.length > 0);
    server = await startTestServer({}, { dataDir, now: () => NOW });
    assert.deepEqual(await migrationsApplied(dataDir), before);
    const again = await postEvents(server.url, server.adminKey, [
      { id: 'upgrade-0', timestamp: NOW - 86_400_000, model: 'x', usage: { prompt_tokens: 1, completion_tokens: 1 }, tag: 'math' },
    ]);
    assert.equal(((await again.json()) as { data: { duplicates: number } }).data.duplicates, 1, 'an id 0.1.0 stored is still known');
  });
});
