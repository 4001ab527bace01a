import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { runStoreContract, event } from '../contract.ts';
import { DuckDbStore } from './duckdb-store.ts';

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
  assert.deepEqual(await second.insertEvents([event('x'), event('z')]), { accepted: 1, duplicates: 1 });
  assert.equal(await second.countEvents(), 3);
  await second.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
