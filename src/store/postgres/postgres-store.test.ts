import { randomBytes } from 'node:crypto';
import { runStoreContract } from '../contract.ts';
import { PostgresStore } from './postgres-store.ts';

// The real PostgreSQL this machine runs (CI too); each test gets a schema of its own, dropped on close.
const url = process.env.TASKSHARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

runStoreContract('postgres', async () => {
  const store = await PostgresStore.open({ url, schema: `test_${randomBytes(6).toString('hex')}`, poolSize: 2 });
  const close = store.close.bind(store);
  store.close = async () => { await store.dropSchema(); await close(); };
  return store;
});
