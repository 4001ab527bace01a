import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { event, runStoreContract } from '../contract.ts';
import { latestVersion } from '../migrations.ts';
import { DuckDbStore } from './duckdb-store.ts';
import { MIGRATIONS } from './schema.ts';

runStoreContract('duckdb in memory', () => DuckDbStore.open({ dataDir: ':memory:' }));

const dirs: string[] = [];
runStoreContract('duckdb on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-store-'));
  dirs.push(dir);
  return DuckDbStore.open({ dataDir: dir });
});

it('keeps committed events and keys across a reopen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-store-'));
  dirs.push(dir);
  const first = await DuckDbStore.open({ dataDir: dir });
  await first.insertEvents([event('x'), event('y')]);
  await first.close();
  const second = await DuckDbStore.open({ dataDir: dir });
  assert.deepEqual(await second.insertEvents([event('x'), event('z')]), { accepted: 1, duplicates: 1, acceptedByDay: { '2026-06-17': 1 } });
  assert.equal(await second.countEvents(), 3);
  await second.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it('an insert that does not fit the memory limit raises it and is retried whole; at the max it fails and stores nothing', async () => {
  const batch = Array.from({ length: 150_000 }, (_, i) => event(`mem-${i}-${'x'.repeat(40)}`, { userHash: `u${i}`.padEnd(64, '0') }));
  const raised: number[] = [];
  const growing = await DuckDbStore.open({
    dataDir: ':memory:',
    memoryLimit: '4MB',
    memoryLimitMax: '1GB',
    onMemoryLimitRaised: (b) => raised.push(b),
  });
  try {
    assert.deepEqual(await growing.insertEvents(batch), { accepted: 150_000, duplicates: 0, acceptedByDay: { '2026-06-17': 150_000 } });
    assert.ok(raised.length > 0, 'the limit was raised');
    assert.equal(growing.currentMemoryLimit, raised.at(-1));
    assert.equal(await growing.countEvents(), 150_000);
  } finally {
    await growing.close();
  }

  // At the max the batch fails. What was stored is read after a reopen under a roomier limit: reading
  // at 4MB right after the failure can itself run out while DuckDB still frees the rolled-back batch.
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-store-'));
  try {
    const capped = await DuckDbStore.open({ dataDir: dir, memoryLimit: '4MB', memoryLimitMax: '4MB' });
    try {
      await assert.rejects(capped.insertEvents(batch), /Out of Memory|could not allocate/);
    } finally {
      await capped.close();
    }
    const reopened = await DuckDbStore.open({ dataDir: dir });
    try {
      assert.equal(await reopened.countEvents(), 0);
      assert.deepEqual(await reopened.rollups('2026-06-01', '2026-06-30'), []);
    } finally {
      await reopened.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('widens the token sums of a store made before HUGEINT, keeping its rollups', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-store-'));
  try {
    const old = await DuckDBInstance.create(join(dir, 'taskshare.duckdb'));
    const c = await old.connect();
    await c.run(`CREATE TABLE daily_rollups (day DATE NOT NULL, tag VARCHAR NOT NULL, model VARCHAR NOT NULL, requests BIGINT NOT NULL,
      prompt_tokens BIGINT NOT NULL, completion_tokens BIGINT NOT NULL, PRIMARY KEY (day, tag, model))`);
    await c.run(`INSERT INTO daily_rollups VALUES ('2026-06-17', 'math', 'm', 2, 9223372036000000000, 5)`);
    c.closeSync();
    old.closeSync();
    const store = await DuckDbStore.open({ dataDir: dir });
    try {
      await store.insertEvents([event('after', { tag: 'math', model: 'm', promptTokens: 1_000_000_000, completionTokens: 0 })]);
      assert.deepEqual(
        (await store.rollups('2026-06-17', '2026-06-17')).map(({ tag, model, requests, tokens }) => ({ tag, model, requests, tokens })),
        [{ tag: 'math', model: 'm', requests: 3, tokens: Number(9_223_372_037_000_000_005n) }],
      );
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('upgrades a store made before versioned migrations (text key timestamps) and refuses a newer schema', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-store-'));
  try {
    const old = await DuckDBInstance.create(join(dir, 'taskshare.duckdb'));
    const c = await old.connect();
    await c.run(`CREATE TABLE api_keys (id VARCHAR PRIMARY KEY, account VARCHAR NOT NULL, prefix VARCHAR NOT NULL,
      hash VARCHAR NOT NULL UNIQUE, scopes VARCHAR NOT NULL, created_at VARCHAR NOT NULL, revoked_at VARCHAR)`);
    await c.run(`INSERT INTO api_keys VALUES ('key_1', 'acme', 'tsk_abc', 'h1', 'read,ingest', '2026-06-01T10:00:00.000Z', NULL)`);
    c.closeSync();
    old.closeSync();
    const store = await DuckDbStore.open({ dataDir: dir });
    try {
      assert.deepEqual(await store.findKeyByHash('h1'), {
        id: 'key_1',
        account: 'acme',
        prefix: 'tsk_abc',
        scopes: ['read', 'ingest'],
        createdAt: '2026-06-01T10:00:00.000Z',
        revokedAt: null,
      });
      assert.equal(await store.revokeKey('key_1'), true);
      assert.match((await store.findKeyByHash('h1'))!.revokedAt!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      await store.execute(`INSERT INTO schema_migrations (version, description) VALUES (99, 'from the future')`);
    } finally {
      await store.close();
    }
    await assert.rejects(
      DuckDbStore.open({ dataDir: dir }),
      new RegExp(`schema is at version 99, newer than this taskshare knows \\(${latestVersion(MIGRATIONS)}\\)`),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('upgrading to rollups per app splits each old row by the retained events, the rest going to no app', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-store-'));
  try {
    // A store as version 2 left it: rollups per (day, tag, model), events without cost.
    const v2 = await DuckDbStore.open({ dataDir: dir });
    await v2.close();
    const old = await DuckDBInstance.create(join(dir, 'taskshare.duckdb'));
    const c = await old.connect();
    await c.run('DROP TABLE daily_rollups');
    await c.run('DROP TABLE daily_classifier_versions');
    await c.run('ALTER TABLE events DROP COLUMN cost');
    await c.run(`CREATE TABLE daily_rollups (day DATE NOT NULL, tag VARCHAR NOT NULL, model VARCHAR NOT NULL, requests BIGINT NOT NULL,
      prompt_tokens HUGEINT NOT NULL, completion_tokens HUGEINT NOT NULL, PRIMARY KEY (day, tag, model))`);
    await c.run('DELETE FROM schema_migrations WHERE version = 3');
    // 5 requests in the rollup; 2 retained events from app 'ide', 1 with no app; 2 were pruned.
    await c.run(`INSERT INTO daily_rollups VALUES ('2026-06-17', 'math', 'm', 5, 500, 100)`);
    await c.run(`INSERT INTO events VALUES ('e1', '2026-06-17', 'math', 'm', 100, 20, 'u1', 'ide', 'builtin-x', 0.9),
      ('e2', '2026-06-17', 'math', 'm', 100, 20, 'u2', 'ide', 'builtin-x', 0.9),
      ('e3', '2026-06-17', 'math', 'm', 100, 20, NULL, NULL, 'builtin-x', 0.9)`);
    c.closeSync();
    old.closeSync();
    const store = await DuckDbStore.open({ dataDir: dir });
    try {
      const counts = async (app?: string) =>
        (await store.rollups('2026-06-17', '2026-06-17', app === undefined ? undefined : { app })).map((r) => [r.requests, r.tokens]);
      assert.deepEqual(await counts(), [[5, 600]], 'the totals are unchanged');
      assert.deepEqual(await counts('ide'), [[2, 240]]);
      assert.deepEqual(await counts(''), [[3, 360]]);
      assert.deepEqual(await store.apps('2026-06-17', '2026-06-17'), ['ide']);
      assert.deepEqual(await store.classifierVersions('2026-06-17', '2026-06-17'), ['builtin-x']);
      const [ide] = await store.rollups('2026-06-17', '2026-06-17', { app: 'ide' });
      assert.equal(ide!.tokenSquares, 2 * 120 * 120, 'squares of the retained events are exact');
      const [rest] = await store.rollups('2026-06-17', '2026-06-17', { app: '' });
      assert.equal(rest!.tokenSquares, (360 * 360) / 3, 'the rest as if of equal size');
      // New events land in the split rows.
      await store.insertEvents([event('e4', { day: '2026-06-17', tag: 'math', model: 'm', app: 'ide', cost: 0.1 })]);
      assert.deepEqual(await counts('ide'), [[3, 360]]);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
