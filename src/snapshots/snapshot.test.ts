/**
 * The snapshot cache follows the shared store's data version: a write through another server's store
 * shows once the version is checked, and until then the cached body is served without recomputing.
 */
// test-needs: postgres
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { PG_URL, servicesMissing } from '../../test/helpers/services.ts';
import { trailingWindow } from '../shares/window.ts';
import { event } from '../store/contract.ts';
import { PostgresStore } from '../store/postgres/postgres-store.ts';
import { SnapshotService } from './snapshot.ts';

const missing = await servicesMissing({ pg: true });

it('recomputes when another server wrote (its data version moved), and only then', { skip: missing }, async () => {
  const schema = `snap_${randomBytes(5).toString('hex')}`;
  const [a, b] = [
    await PostgresStore.open({ url: PG_URL, schema, poolSize: 1 }),
    await PostgresStore.open({ url: PG_URL, schema, poolSize: 1 }),
  ];
  try {
    const day = trailingWindow(Date.now()).asOf;
    let computed = 0;
    const checking = new SnapshotService({
      store: b,
      topModels: 10,
      versionCheckMs: 0,
      onComputed: () => {
        computed += 1;
      },
    });
    const lazy = new SnapshotService({ store: b, topModels: 10, versionCheckMs: 3_600_000 });
    assert.deepEqual((await checking.current()).response.data.classifications, []);
    assert.deepEqual((await lazy.current()).response.data.classifications, []);
    assert.equal((await checking.current()).etag, (await checking.current()).etag);
    assert.equal(computed, 1, 'an unchanged version serves the cached snapshot');

    await a.insertEvents([event('other-server', { day, tag: 'math' })]);
    assert.deepEqual(
      (await checking.current()).response.data.classifications.map((c) => c.tag),
      ['math'],
    );
    assert.equal(computed, 2);
    // Within its check interval the other service still serves what it had: the documented bound.
    assert.deepEqual((await lazy.current()).response.data.classifications, []);
    // A write that changes nothing (a duplicate) leaves the version, so nothing is recomputed.
    await a.insertEvents([event('other-server', { day, tag: 'math' })]);
    await checking.current();
    assert.equal(computed, 2);
  } finally {
    await a.dropSchema();
    await a.close();
    await b.close();
  }
});

it('under continuous local writes, recomputes at most once per minRecomputeMs', { skip: missing }, async () => {
  const schema = `snap_${randomBytes(5).toString('hex')}`;
  const store = await PostgresStore.open({ url: PG_URL, schema, poolSize: 1 });
  try {
    const day = trailingWindow(Date.now()).asOf;
    let computed = 0;
    const held = new SnapshotService({
      store,
      topModels: 10,
      versionCheckMs: 3_600_000,
      minRecomputeMs: 3_600_000,
      onComputed: () => {
        computed += 1;
      },
    });
    const eager = new SnapshotService({ store, topModels: 10, versionCheckMs: 3_600_000 });
    await held.current();
    await eager.current();
    for (let i = 0; i < 5; i++) {
      await store.insertEvents([event(`w-${i}`, { day, tag: 'math' })]);
      held.invalidate();
      eager.invalidate();
      assert.deepEqual((await held.current()).response.data.classifications, [], 'the previous snapshot is served within the interval');
      assert.equal((await eager.current()).response.data.classifications[0]?.tag, 'math');
    }
    assert.equal(computed, 1);
  } finally {
    await store.dropSchema();
    await store.close();
  }
});
