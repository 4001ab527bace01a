// test-needs: postgres
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import pg from 'pg';
import { servicesMissing } from '../../../test/helpers/services.ts';
import { event, runStoreContract } from '../contract.ts';
import { latestVersion } from '../migrations.ts';
import { PostgresStore } from './postgres-store.ts';
import { migrations } from './schema.ts';

// The real PostgreSQL this machine runs (CI too); each test gets a schema of its own, dropped on close.
const url = process.env.TASKSHARE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// Outside CI, without a PostgreSQL to talk to, the suite says so and skips; under CI=true it runs.
const missing = await servicesMissing({ pg: true });

describe('PostgreSQL store', { skip: missing }, () => {
  runStoreContract('postgres', async () => {
    const store = await PostgresStore.open({ url, schema: `test_${randomBytes(6).toString('hex')}`, poolSize: 2 });
    const close = store.close.bind(store);
    store.close = async () => {
      await store.dropSchema();
      await close();
    };
    return store;
  });

  it('widens the token sums of a store made before NUMERIC, keeping its rollups', async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`CREATE TABLE ${schema}.daily_rollups (day DATE NOT NULL, tag TEXT NOT NULL, model TEXT NOT NULL,
      requests BIGINT NOT NULL, prompt_tokens BIGINT NOT NULL, completion_tokens BIGINT NOT NULL, PRIMARY KEY (day, tag, model))`);
    await client.query(`INSERT INTO ${schema}.daily_rollups VALUES ('2026-06-17', 'math', 'm', 2, 9223372036000000000, 5)`);
    const store = await PostgresStore.open({ url, schema, poolSize: 2 });
    try {
      await store.insertEvents([event('after', { tag: 'math', model: 'm', promptTokens: 1_000_000_000, completionTokens: 0 })]);
      assert.deepEqual(
        (await store.rollups('2026-06-17', '2026-06-17')).map(({ tag, model, requests, tokens }) => ({ tag, model, requests, tokens })),
        [{ tag: 'math', model: 'm', requests: 3, tokens: Number(9_223_372_037_000_000_005n) }],
      );
    } finally {
      await store.dropSchema();
      await store.close();
      await client.end();
    }
  });

  const freshSchema = () => `test_${randomBytes(6).toString('hex')}`;

  it('upgrades a store made by the code before versioned migrations in place: text key timestamps become timestamptz', async () => {
    const schema = freshSchema();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // The tables exactly as the unversioned code created them, with a key and an event in them.
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`CREATE TABLE ${schema}.events (id TEXT PRIMARY KEY, day DATE NOT NULL, tag TEXT NOT NULL, model TEXT,
      prompt_tokens BIGINT NOT NULL, completion_tokens BIGINT NOT NULL, user_hash TEXT, app TEXT, classifier_version TEXT NOT NULL,
      confidence DOUBLE PRECISION NOT NULL)`);
    await client.query(`CREATE TABLE ${schema}.api_keys (id TEXT PRIMARY KEY, account TEXT NOT NULL, prefix TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE, scopes TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT)`);
    await client.query(
      `INSERT INTO ${schema}.api_keys VALUES ('key_1', 'acme', 'tsk_abc', 'h1', 'read', '2026-06-01T10:00:00.000Z', ` +
        `'2026-06-02T11:00:00.000Z')`,
    );
    await client.query(`INSERT INTO ${schema}.events VALUES ('e1', '2026-06-17', 'math', 'm', 1, 2, NULL, NULL, 'v', 0.5)`);
    const store = await PostgresStore.open({ url, schema, poolSize: 2 });
    try {
      assert.deepEqual(await store.findKeyByHash('h1'), {
        id: 'key_1',
        account: 'acme',
        prefix: 'tsk_abc',
        scopes: ['read'],
        createdAt: '2026-06-01T10:00:00.000Z',
        revokedAt: '2026-06-02T11:00:00.000Z',
      });
      assert.equal(await store.countEvents(), 1);
      const types = await client.query(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'api_keys' AND ` +
          `column_name LIKE '%_at' ORDER BY 1`,
        [schema],
      );
      assert.deepEqual(
        types.rows.map((r) => r.data_type),
        ['timestamp with time zone', 'timestamp with time zone'],
      );
      const versions = await client.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY 1`);
      assert.deepEqual(
        versions.rows.map((r) => r.version),
        [1, 2, 3, 4],
      );
    } finally {
      await store.dropSchema();
      await store.close();
      await client.end();
    }
  });

  it('several servers opening one new schema at once migrate it once', async () => {
    const schema = freshSchema();
    const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open({ url, schema, poolSize: 1 })));
    try {
      await stores[0]!.insertEvents([event('x')]);
      assert.equal(await stores[3]!.countEvents(), 1);
    } finally {
      await stores[0]!.dropSchema();
      for (const s of stores) await s.close();
    }
  });

  it('refuses a schema newer than the code knows, naming both versions', async () => {
    const schema = freshSchema();
    const store = await PostgresStore.open({ url, schema, poolSize: 1 });
    await store.execute(`INSERT INTO {s}.schema_migrations (version, description) VALUES (99, 'from the future')`);
    await store.close();
    try {
      await assert.rejects(
        PostgresStore.open({ url, schema, poolSize: 1 }),
        new RegExp(`schema is at version 99, newer than this taskshare knows \\(${latestVersion(migrations('x'))}\\)`),
      );
    } finally {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    }
  });

  it('concurrent writers with overlapping (day, tag, model) groups: no deadlock, exact counts', async () => {
    const schema = freshSchema();
    const writers = await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open({ url, schema, poolSize: 1 })));
    try {
      const tags = ['math', 'translation', 'code:debugging', 'summarization', 'roleplay', 'other'];
      const days = ['2026-06-15', '2026-06-16', '2026-06-17'];
      // Each writer sends its own 20 batches; every batch touches all 72 groups, in an order of its own
      // (a seeded shuffle): written in batch order, such batches deadlock one another.
      let seed = 7;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const batches = (w: number) =>
        Array.from({ length: 20 }, (_, b) => {
          const events = Array.from({ length: 60 }, (_, i) =>
            event(`w${w}-b${b}-${i}`, {
              day: days[i % 3]!,
              tag: tags[Math.floor(i / 3) % tags.length]!,
              model: `m${Math.floor(i / 18) % 4}`,
            }),
          );
          for (let i = events.length - 1; i > 0; i--) {
            const j = Math.floor(random() * (i + 1));
            [events[i], events[j]] = [events[j]!, events[i]!];
          }
          return events;
        });
      const results = await Promise.all(
        writers.map(async (store, w) => {
          let accepted = 0;
          for (const batch of batches(w)) accepted += (await store.insertEvents(batch)).accepted;
          return accepted;
        }),
      );
      assert.deepEqual(results, [1200, 1200, 1200, 1200]);
      const rows = await writers[0]!.rollups('2026-06-15', '2026-06-17');
      assert.equal(
        rows.reduce((n, r) => n + r.requests, 0),
        4800,
      );
      assert.equal(
        rows.reduce((n, r) => n + r.tokens, 0),
        4800 * 120,
      );
      // And a retry of every batch through the other writers counts nothing.
      const again = await Promise.all(
        writers.map(async (store, w) => {
          let dup = 0;
          for (const batch of batches((w + 1) % 4)) dup += (await store.insertEvents(batch)).duplicates;
          return dup;
        }),
      );
      assert.deepEqual(again, [1200, 1200, 1200, 1200]);
      assert.equal(await writers[1]!.countEvents(), 4800);
      assert.notEqual(await writers[2]!.dataVersion(), '0');
    } finally {
      await writers[0]!.dropSchema();
      for (const s of writers) await s.close();
    }
  });
});
