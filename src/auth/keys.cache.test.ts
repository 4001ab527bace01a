/**
 * The key caches: a flood of unknown keys must not evict a valid key (the old cache was cleared whole
 * when its 10,000 entries filled, so every valid key went back to the store).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { KeyService } from './keys.ts';

it('unknown keys evict only unknown keys: a valid key stays cached through a flood', async () => {
  const store = await DuckDbStore.open({ dataDir: ':memory:' });
  try {
    // The real store, with its lookups counted.
    let lookups = 0;
    const counted = Object.create(store) as DuckDbStore;
    counted.findKeyByHash = (hash) => {
      lookups += 1;
      return store.findKeyByHash(hash);
    };
    const keys = new KeyService(counted);
    const { key } = await keys.create('acme', ['read']);
    assert.equal((await keys.authenticate(`Bearer ${key}`)).kind, 'valid');
    assert.equal(lookups, 1);
    for (let i = 0; i < 10_050; i++) {
      const bad = `tsk_${String(i).padStart(32, 'A')}`;
      assert.equal((await keys.authenticate(`Bearer ${bad}`)).kind, 'invalid');
    }
    assert.equal(lookups, 10_051);
    assert.equal((await keys.authenticate(`Bearer ${key}`)).kind, 'valid');
    assert.equal(lookups, 10_051, 'the valid key was answered from its cache');
    // The most recent unknown keys are still cached; the oldest were evicted.
    await keys.authenticate(`Bearer tsk_${String(10_049).padStart(32, 'A')}`);
    assert.equal(lookups, 10_051);
    await keys.authenticate(`Bearer tsk_${String(0).padStart(32, 'A')}`);
    assert.equal(lookups, 10_052);
  } finally {
    await store.close();
  }
});
