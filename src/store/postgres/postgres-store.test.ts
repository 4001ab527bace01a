import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import pg from 'pg';
import { event, runStoreContract } from '../contract.ts';
import { PostgresStore } from './postgres-store.ts';

// The real PostgreSQL this machine runs (CI too); each test gets a schema of its own, dropped on close.
const url = process.env.TASKSHARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

runStoreContract('postgres', async () => {
  const store = await PostgresStore.open({ url, schema: `test_${randomBytes(6).toString('hex')}`, poolSize: 2 });
  const close = store.close.bind(store);
  store.close = async () => { await store.dropSchema(); await close(); };
  return store;
});

it('widens the token sums of a store made before NUMERIC, keeping its rollups', async () => {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`CREATE TABLE ${schema}.daily_rollups (day DATE NOT NULL, tag TEXT NOT NULL, model TEXT NOT NULL, requests BIGINT NOT NULL,
    prompt_tokens BIGINT NOT NULL, completion_tokens BIGINT NOT NULL, PRIMARY KEY (day, tag, model))`);
  await client.query(`INSERT INTO ${schema}.daily_rollups VALUES ('2026-06-17', 'math', 'm', 2, 9223372036000000000, 5)`);
  const store = await PostgresStore.open({ url, schema, poolSize: 2 });
  try {
    await store.insertEvents([event('after', { tag: 'math', model: 'm', promptTokens: 1_000_000_000, completionTokens: 0 })]);
    assert.deepEqual(await store.rollups('2026-06-17', '2026-06-17'), [{ tag: 'math', model: 'm', requests: 3, tokens: Number(9_223_372_037_000_000_005n) }]);
  } finally {
    await store.dropSchema();
    await store.close();
    await client.end();
  }
});
