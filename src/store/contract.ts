/**
 * One contract every Store implementation runs (see duckdb/duckdb-store.test.ts): idempotent inserts,
 * rollups per window, keys. A new backend passes this suite before it is wired in.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { computeShares } from '../shares/compute.ts';
import type { RollupRow } from '../shares/types.ts';
import type { Store, StoredEvent } from './interface.ts';

/** Raw SQL (`{s}` is the store's schema): to put rollup sums in place that no test could insert event by event. */
export interface RawSql {
  execute(sql: string): Promise<void>;
}

const MAX_TOKENS = 1_000_000_000; // src/ingest/limits.ts: the most one field of one event may hold
const MAX_BIGINT = 2n ** 63n - 1n; // the most requests one rollup cell can count

export function event(id: string, over: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id,
    day: '2026-06-17',
    tag: 'code:debugging',
    model: 'openai/gpt-4.1',
    promptTokens: 100,
    completionTokens: 20,
    userHash: null,
    app: null,
    classifierVersion: 'test-1',
    confidence: 0.9,
    cost: null,
    ...over,
  };
}

/** The counts of rollup rows, without the token squares and cost (tested on their own). */
const counts = (rows: RollupRow[]) => rows.map(({ tag, model, requests, tokens }) => ({ tag, model, requests, tokens }));
const byTagModel = (a: RollupRow, b: RollupRow) => a.tag.localeCompare(b.tag) || String(a.model).localeCompare(String(b.model));

export function runStoreContract(name: string, open: () => Promise<Store & RawSql>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store & RawSql;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores new events and counts repeated ids as duplicates, within and across batches', async () => {
      assert.deepEqual(await store.insertEvents([event('a'), event('b'), event('a')]), {
        accepted: 2,
        duplicates: 1,
        acceptedByDay: { '2026-06-17': 2 },
      });
      assert.deepEqual(await store.insertEvents([event('b'), event('c')]), {
        accepted: 1,
        duplicates: 1,
        acceptedByDay: { '2026-06-17': 1 },
      });
      assert.equal(await store.countEvents(), 3);
      const rows = await store.rollups('2026-06-17', '2026-06-17');
      assert.deepEqual(counts(rows), [{ tag: 'code:debugging', model: 'openai/gpt-4.1', requests: 3, tokens: 360 }]);
    });

    it('sums rollups over the inclusive day range, per tag and model, keeping unattributed apart', async () => {
      await store.insertEvents([
        event('1', { day: '2026-06-10' }),
        event('2', { day: '2026-06-11', model: null, promptTokens: 5, completionTokens: 5 }),
        event('3', { day: '2026-06-17', tag: 'math' }),
        event('4', { day: '2026-06-18' }),
      ]);
      const rows = (await store.rollups('2026-06-11', '2026-06-17')).sort(
        (a, b) => a.tag.localeCompare(b.tag) || String(a.model).localeCompare(String(b.model)),
      );
      assert.deepEqual(counts(rows), [
        { tag: 'code:debugging', model: null, requests: 1, tokens: 10 },
        { tag: 'math', model: 'openai/gpt-4.1', requests: 1, tokens: 120 },
      ]);
    });

    it('an empty batch and an empty store are fine', async () => {
      assert.deepEqual(await store.insertEvents([]), { accepted: 0, duplicates: 0, acceptedByDay: {} });
      assert.deepEqual(await store.rollups('2026-01-01', '2026-12-31'), []);
      assert.equal(await store.countEvents(), 0);
    });

    it('counts accepted events per day, duplicates not included', async () => {
      await store.insertEvents([event('d1', { day: '2026-06-10' })]);
      const result = await store.insertEvents([
        event('d1', { day: '2026-06-10' }),
        event('d2', { day: '2026-06-10' }),
        event('d3', { day: '2026-06-18' }),
        event('d4', { day: '2026-06-18' }),
      ]);
      assert.deepEqual(result, { accepted: 3, duplicates: 1, acceptedByDay: { '2026-06-10': 1, '2026-06-18': 2 } });
    });

    it('reads back any well-formed text exactly: ids, models and apps beyond ASCII match themselves', async () => {
      // What ingestion lets through (see src/ingest/text.ts); each must come back as sent, or the
      // store could not tell which of a batch's ids were new.
      const texts = ['ü', '日本語', '😀 emoji', 'e\u0301 combining', 'a\u00a0nbsp', 'שלום', 'x'.repeat(256), '\ufffd', 'q"\\\'%_'];
      const batch = texts.map((t, i) => event(t, { model: `m-${t}`, app: t, tag: i % 2 ? 'math' : 'translation' }));
      assert.equal((await store.insertEvents(batch)).accepted, texts.length);
      assert.deepEqual(await store.insertEvents(batch), { accepted: 0, duplicates: texts.length, acceptedByDay: {} });
      const models = (await store.rollups('2026-06-17', '2026-06-17')).map((r) => r.model).sort();
      assert.deepEqual(models, texts.map((t) => `m-${t}`).sort());
    });

    it('token sums cannot overflow: the most requests a cell can count, each with the most tokens, and more events on top', async () => {
      // The worst case a cell can reach: 2^63 - 1 - k requests of 10^9 + 10^9 tokens, then k more such events.
      const k = 3n;
      const seeded = MAX_BIGINT - k;
      const tokens = seeded * BigInt(MAX_TOKENS);
      await store.execute(
        `INSERT INTO {s}.daily_rollups VALUES ('2026-06-17', 'math', 'big/model', '', ${seeded}, ${tokens}, ${tokens}, 0, 0, 0)`,
      );
      await store.execute(
        `INSERT INTO {s}.daily_rollups VALUES ('2026-06-16', 'math', 'big/model', '', ${seeded}, ${tokens}, ${tokens}, 0, 0, 0)`,
      );
      const max = { tag: 'math', model: 'big/model', promptTokens: MAX_TOKENS, completionTokens: MAX_TOKENS };
      assert.equal((await store.insertEvents([event('max-1', max), event('max-2', max)])).accepted, 2);
      assert.equal(
        (await store.insertEvents([event('max-3', max), event('small', { tag: 'translation', model: 'small/model' })])).accepted,
        2,
      );

      const rows = await store.rollups('2026-06-11', '2026-06-17');
      const big = rows.find((r) => r.model === 'big/model')!;
      // Both days: 2 * (2^63 - 1) - 3 requests, each day's two fields 2 * 10^9 * (2^63 - 1) tokens.
      assert.equal(big.requests, Number(2n * MAX_BIGINT - k));
      assert.equal(big.tokens, Number(2n * 2n * BigInt(MAX_TOKENS) * MAX_BIGINT - 2n * k * BigInt(MAX_TOKENS)));
      assert.ok(Number.isFinite(big.tokens) && big.tokens > 3.6e28);
      const shares = computeShares(rows, { asOf: '2026-06-17', windowDays: 7, topModels: 10 }).data;
      for (const c of shares.classifications) {
        for (const v of [c.usage_share, c.token_share, c.category_usage_share, c.category_token_share])
          assert.ok(Number.isFinite(v) && v >= 0 && v <= 1, String(v));
      }
      assert.equal(shares.classifications[0]!.tag, 'math');
      assert.equal(shares.classifications[0]!.usage_share + shares.classifications[1]!.usage_share, 1);
    });

    it('topRollups: at most N + 1 rows per tag, and the very answer the full rollups give', async () => {
      // 40 models in math with tied counts, unattributed requests, two days, and a small second tag.
      const events: StoredEvent[] = [];
      for (let m = 0; m < 40; m++) {
        for (let i = 0; i < 1 + (m % 7); i++)
          events.push(
            event(`t-${m}-${i}`, {
              tag: 'math',
              model: `vendor/model-${String(m).padStart(2, '0')}`,
              day: i % 2 ? '2026-06-16' : '2026-06-17',
              promptTokens: m * 10 + i,
            }),
          );
      }
      for (let i = 0; i < 5; i++) events.push(event(`t-none-${i}`, { tag: 'math', model: null }));
      events.push(event('t-tr', { tag: 'translation', model: 'z/only' }));
      await store.insertEvents(events);
      for (const n of [1, 3, 10, 50]) {
        const top = await store.topRollups('2026-06-11', '2026-06-17', n);
        assert.ok(top.filter((r) => r.tag === 'math').length <= n + 1);
        const options = { asOf: '2026-06-17', windowDays: 7, topModels: n };
        assert.deepEqual(computeShares(top, options), computeShares(await store.rollups('2026-06-11', '2026-06-17'), options), `top ${n}`);
      }
    });

    it('tagDailyRollups: one row per (day, tag), all models summed, days inclusive', async () => {
      await store.insertEvents([
        event('d1', { day: '2026-06-10', tag: 'math' }),
        event('d2', { day: '2026-06-11', tag: 'math', model: 'a/1', promptTokens: 5, completionTokens: 1 }),
        event('d3', { day: '2026-06-11', tag: 'math', model: null, promptTokens: 7, completionTokens: 0 }),
        event('d4', { day: '2026-06-11', tag: 'translation' }),
        event('d5', { day: '2026-06-17', tag: 'math' }),
        event('d6', { day: '2026-06-18', tag: 'math' }),
      ]);
      const rows = (await store.tagDailyRollups('2026-06-11', '2026-06-17')).sort(
        (a, b) => a.day.localeCompare(b.day) || a.tag.localeCompare(b.tag),
      );
      assert.deepEqual(
        rows.map(({ cost, ...r }) => r),
        [
          { day: '2026-06-11', tag: 'math', requests: 2, tokens: 13 },
          { day: '2026-06-11', tag: 'translation', requests: 1, tokens: 120 },
          { day: '2026-06-17', tag: 'math', requests: 1, tokens: 120 },
        ],
      );
      assert.ok(rows.every((r) => r.cost === 0));
      assert.deepEqual(await store.tagDailyRollups('2026-01-01', '2026-01-02'), []);
    });

    it('prunes old raw events but keeps their rollups', async () => {
      await store.insertEvents([event('old', { day: '2026-01-01' }), event('new', { day: '2026-06-17' })]);
      assert.equal(await store.pruneEvents('2026-06-01'), 1);
      assert.equal(await store.countEvents(), 1);
      assert.equal((await store.rollups('2026-01-01', '2026-01-01'))[0]?.requests, 1);
    });

    it('removes the events matching both prefixes and exactly their rollup contributions', async () => {
      const demo = { idPrefix: 'demo-', appPrefix: 'demo-' };
      await store.insertEvents([
        event('real-1', { app: 'ide' }),
        event('real-2', { app: null, model: null }),
        event('demo-a', { app: 'demo-ide', promptTokens: 7, completionTokens: 3 }),
        event('demo-b', { app: 'demo-chat', model: null, promptTokens: 1, completionTokens: 1 }),
        event('demo-c', { app: 'demo-ide', tag: 'math', day: '2026-06-16' }),
        // An id or an app alone is not enough: these stay.
        event('demo-d', { app: 'ide' }),
        event('x-demo', { app: 'demo-ide' }),
      ]);
      const before = await store.rollups('2026-06-01', '2026-06-30');
      assert.equal(await store.removeEvents(demo), 3);
      assert.equal(await store.countEvents(), 4);
      const rows = (await store.rollups('2026-06-01', '2026-06-30')).sort((a, b) => String(a.model).localeCompare(String(b.model)));
      // 4 requests of 120 tokens stay with the model, 1 without; the math row (demo only) is gone.
      assert.deepEqual(counts(rows), [
        { tag: 'code:debugging', model: null, requests: 1, tokens: 120 },
        { tag: 'code:debugging', model: 'openai/gpt-4.1', requests: 3, tokens: 360 },
      ]);
      assert.notDeepEqual(rows, before);
      assert.equal(await store.removeEvents(demo), 0, 'removing twice removes nothing more');
    });

    it('pruning keeps the events it is told to keep, so they can still be removed exactly', async () => {
      const demo = { idPrefix: 'demo-', appPrefix: 'demo-' };
      await store.insertEvents([event('old', { day: '2026-01-01' }), event('demo-old', { day: '2026-01-01', app: 'demo-api' })]);
      assert.equal(await store.pruneEvents('2026-06-01', demo), 1);
      assert.equal(await store.removeEvents(demo), 1);
      assert.deepEqual(counts(await store.rollups('2026-01-01', '2026-01-01')), [
        { tag: 'code:debugging', model: 'openai/gpt-4.1', requests: 1, tokens: 120 },
      ]);
    });

    it('keeps rollups per app: every read narrows to one app, and lists the apps of a window', async () => {
      await store.insertEvents([
        event('1', { app: 'ide' }),
        event('2', { app: 'ide', model: 'a/1', promptTokens: 1, completionTokens: 1 }),
        event('3', { app: 'chat', tag: 'math' }),
        event('4', { app: null }),
        event('5', { app: 'batch', day: '2026-06-01' }),
      ]);
      assert.deepEqual(await store.apps('2026-06-11', '2026-06-17'), ['chat', 'ide']);
      const ide = (await store.rollups('2026-06-11', '2026-06-17', { app: 'ide' })).sort(byTagModel);
      assert.deepEqual(counts(ide), [
        { tag: 'code:debugging', model: 'a/1', requests: 1, tokens: 2 },
        { tag: 'code:debugging', model: 'openai/gpt-4.1', requests: 1, tokens: 120 },
      ]);
      assert.deepEqual(counts(await store.rollups('2026-06-11', '2026-06-17', { app: '' })), [
        { tag: 'code:debugging', model: 'openai/gpt-4.1', requests: 1, tokens: 120 },
      ]);
      assert.deepEqual(await store.rollups('2026-06-11', '2026-06-17', { app: 'nope' }), []);
      const top = await store.topRollups('2026-06-11', '2026-06-17', 1, { app: 'ide' });
      // A tie on requests goes to the lower id: a/1 is listed, the other model joins the rest.
      assert.deepEqual(counts(top.sort(byTagModel)), [
        { tag: 'code:debugging', model: 'a/1', requests: 1, tokens: 2 },
        { tag: 'code:debugging', model: null, requests: 1, tokens: 120 },
      ]);
      const daily = await store.tagDailyRollups('2026-06-11', '2026-06-17', { app: 'chat' });
      assert.deepEqual(daily, [{ day: '2026-06-17', tag: 'math', requests: 1, tokens: 120, cost: 0 }]);
      // Unfiltered reads still sum every app.
      assert.equal(
        (await store.rollups('2026-06-01', '2026-06-30')).reduce((n, r) => n + r.requests, 0),
        5,
      );
    });

    it('sums cost over the requests that carried one, and token squares over all', async () => {
      await store.insertEvents([
        event('1', { cost: 0.25 }),
        event('2', { cost: 0.5, promptTokens: 3, completionTokens: 1 }),
        event('3', { cost: null }),
        event('4', { tag: 'math', cost: 0 }),
      ]);
      const rows = (await store.rollups('2026-06-17', '2026-06-17')).sort(byTagModel);
      assert.equal(rows[0]!.tag, 'code:debugging');
      assert.equal(rows[0]!.cost, 0.75);
      assert.equal(rows[0]!.costRequests, 2);
      assert.equal(rows[0]!.tokenSquares, 120 * 120 * 2 + 4 * 4);
      assert.deepEqual([rows[1]!.cost, rows[1]!.costRequests], [0, 1]);
      const top = await store.topRollups('2026-06-17', '2026-06-17', 0);
      assert.equal(top.find((r) => r.tag === 'code:debugging')!.cost, 0.75);
      assert.equal((await store.tagDailyRollups('2026-06-17', '2026-06-17')).find((r) => r.tag === 'code:debugging')!.cost, 0.75);
      // Removing events takes their cost and squares away too.
      await store.insertEvents([event('demo-1', { app: 'demo-x', cost: 2, promptTokens: 10, completionTokens: 0 })]);
      await store.removeEvents({ idPrefix: 'demo-', appPrefix: 'demo-' });
      const after = (await store.rollups('2026-06-17', '2026-06-17')).sort(byTagModel);
      assert.deepEqual(after, rows);
    });

    it('records which classifier versions tagged each day', async () => {
      await store.insertEvents([
        event('1', { classifierVersion: 'builtin-b' }),
        event('2', { classifierVersion: 'builtin-a', day: '2026-06-16' }),
        event('3', { classifierVersion: 'builtin-c', day: '2026-06-01' }),
        event('demo-1', { classifierVersion: 'builtin-z', app: 'demo-x' }),
      ]);
      assert.deepEqual(await store.classifierVersions('2026-06-11', '2026-06-17'), ['builtin-a', 'builtin-b', 'builtin-z']);
      await store.removeEvents({ idPrefix: 'demo-', appPrefix: 'demo-' });
      assert.deepEqual(await store.classifierVersions('2026-06-11', '2026-06-17'), ['builtin-a', 'builtin-b']);
      assert.deepEqual(await store.classifierVersions('2026-01-01', '2026-01-02'), []);
    });

    it('counts distinct users per tag and model, and per tag, from the raw events', async () => {
      await store.insertEvents([
        event('1', { userHash: 'u1' }),
        event('2', { userHash: 'u1' }),
        event('3', { userHash: 'u2', model: 'a/1' }),
        event('4', { userHash: null, model: 'a/2' }),
        event('5', { userHash: 'u3', tag: 'math', app: 'ide' }),
        event('6', { userHash: 'u4', day: '2026-06-01' }),
      ]);
      const all = await store.userCounts('2026-06-11', '2026-06-17');
      assert.equal(all.byModel.get('code:debugging\u0000openai/gpt-4.1'), 1);
      assert.equal(all.byModel.get('code:debugging\u0000a/1'), 1);
      assert.equal(all.byModel.get('code:debugging\u0000a/2'), 0, 'a request without a user counts none');
      assert.equal(all.byTag.get('code:debugging'), 2);
      assert.equal(all.byTag.get('math'), 1);
      const ide = await store.userCounts('2026-06-11', '2026-06-17', { app: 'ide' });
      assert.deepEqual([...ide.byTag], [['math', 1]]);
      const none = await store.userCounts('2026-06-11', '2026-06-17', { app: '' });
      assert.equal(none.byTag.get('math'), undefined);
      assert.equal(none.byTag.get('code:debugging'), 2);
    });

    it('keeps named values', async () => {
      assert.equal(await store.getMeta('demo'), undefined);
      await store.setMeta('demo', 'one');
      await store.setMeta('demo', 'two');
      assert.equal(await store.getMeta('demo'), 'two');
    });

    it('creates, finds, lists and revokes keys', async () => {
      const record = {
        id: 'key_1',
        account: 'acme',
        prefix: 'ts_abcd',
        scopes: ['read' as const, 'ingest' as const],
        createdAt: '2026-06-17T00:00:00.000Z',
        revokedAt: null,
      };
      await store.createKey(record, 'hash-1');
      assert.deepEqual(await store.findKeyByHash('hash-1'), record);
      assert.equal(await store.findKeyByHash('nope'), undefined);
      assert.equal((await store.listKeys()).length, 1);
      assert.equal(await store.revokeKey('key_1'), true);
      assert.equal(await store.revokeKey('missing'), false);
      const revoked = await store.findKeyByHash('hash-1');
      assert.ok(revoked?.revokedAt);
      assert.equal(await store.revokeKey('key_1'), true);
      assert.equal((await store.findKeyByHash('hash-1'))?.revokedAt, revoked.revokedAt);
    });
  });
}
