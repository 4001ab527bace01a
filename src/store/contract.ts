/**
 * One contract every Store implementation runs (see duckdb/duckdb-store.test.ts): idempotent inserts,
 * rollups per window, keys. A new backend passes this suite before it is wired in.
 */
import assert from 'node:assert/strict';
import { describe, it, beforeEach, afterEach } from 'node:test';
import type { Store, StoredEvent } from './interface.ts';

export function event(id: string, over: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id, day: '2026-06-17', tag: 'code:debugging', model: 'openai/gpt-4.1', promptTokens: 100, completionTokens: 20,
    userHash: null, app: null, classifierVersion: 'test-1', confidence: 0.9, ...over,
  };
}

export function runStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => { store = await open(); });
    afterEach(async () => { await store.close(); });

    it('stores new events and counts repeated ids as duplicates, within and across batches', async () => {
      assert.deepEqual(await store.insertEvents([event('a'), event('b'), event('a')]), { accepted: 2, duplicates: 1 });
      assert.deepEqual(await store.insertEvents([event('b'), event('c')]), { accepted: 1, duplicates: 1 });
      assert.equal(await store.countEvents(), 3);
      const rows = await store.rollups('2026-06-17', '2026-06-17');
      assert.deepEqual(rows, [{ tag: 'code:debugging', model: 'openai/gpt-4.1', requests: 3, tokens: 360 }]);
    });

    it('sums rollups over the inclusive day range, per tag and model, keeping unattributed apart', async () => {
      await store.insertEvents([
        event('1', { day: '2026-06-10' }),
        event('2', { day: '2026-06-11', model: null, promptTokens: 5, completionTokens: 5 }),
        event('3', { day: '2026-06-17', tag: 'math' }),
        event('4', { day: '2026-06-18' }),
      ]);
      const rows = (await store.rollups('2026-06-11', '2026-06-17')).sort((a, b) => a.tag.localeCompare(b.tag) || String(a.model).localeCompare(String(b.model)));
      assert.deepEqual(rows, [
        { tag: 'code:debugging', model: null, requests: 1, tokens: 10 },
        { tag: 'math', model: 'openai/gpt-4.1', requests: 1, tokens: 120 },
      ]);
    });

    it('an empty batch and an empty store are fine', async () => {
      assert.deepEqual(await store.insertEvents([]), { accepted: 0, duplicates: 0 });
      assert.deepEqual(await store.rollups('2026-01-01', '2026-12-31'), []);
      assert.equal(await store.countEvents(), 0);
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
      assert.deepEqual(rows, [
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
      assert.deepEqual(await store.rollups('2026-01-01', '2026-01-01'), [{ tag: 'code:debugging', model: 'openai/gpt-4.1', requests: 1, tokens: 120 }]);
    });

    it('keeps named values', async () => {
      assert.equal(await store.getMeta('demo'), undefined);
      await store.setMeta('demo', 'one');
      await store.setMeta('demo', 'two');
      assert.equal(await store.getMeta('demo'), 'two');
    });

    it('creates, finds, lists and revokes keys', async () => {
      const record = { id: 'key_1', account: 'acme', prefix: 'ts_abcd', scopes: ['read' as const, 'ingest' as const], createdAt: '2026-06-17T00:00:00.000Z', revokedAt: null };
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
