/**
 * Several stateless servers behind one address: real `taskshare serve` child processes on their own
 * ports, sharing one PostgreSQL schema and one Redis (this machine's). They must behave as one
 * service: shared limits, shared keys and secret, every instance's snapshot following every write
 * within the documented bound, nothing lost or counted twice when one is killed, no deadlock.
 */
// test-needs: postgres, redis
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { freePort, waitFor } from '../bench/util.ts';
import { CLI } from './helpers/cli.ts';
import { PG_URL, REDIS_URL, servicesMissing, waitUntil } from './helpers/services.ts';

const missing = await servicesMissing({ pg: true, redis: true });
/** The documented bounds these servers run with (docs/deploy.md): snapshot check and key cache. */
const SNAPSHOT_CHECK_MS = 500;
const KEY_CACHE_MS = 1_000;
const schema = `multi_${randomBytes(5).toString('hex')}`;
const redisPrefix = `test-multi-${randomBytes(5).toString('hex')}`;
const yesterday = Date.now() - 86_400_000;

interface Instance {
  url: string;
  dir: string;
  child: ChildProcess;
  stderr: string[];
}

function start(port: number, dir: string): Instance {
  const child = spawn(
    process.execPath,
    [
      ...CLI,
      'serve',
      '--port',
      String(port),
      '--data',
      dir,
      '--no-demo',
      '--no-banner',
      '--database-url',
      PG_URL,
      '--pg-schema',
      schema,
      '--redis-url',
      REDIS_URL,
      '--redis-prefix',
      redisPrefix,
      '--snapshot-check-ms',
      String(SNAPSHOT_CHECK_MS),
      '--key-cache-ms',
      String(KEY_CACHE_MS),
      '--rate-limit-per-day',
      '40',
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(String(d)));
  return { url: `http://127.0.0.1:${port}`, dir, child, stderr };
}

function exited(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', r));
}

const auth = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra });

async function post(
  url: string,
  key: string,
  events: unknown[],
): Promise<{ status: number; data?: { accepted: number; duplicates: number } }> {
  const res = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: auth(key, { 'content-type': 'application/json' }),
    body: JSON.stringify(events),
  });
  const body = (await res.json()) as { data?: { accepted: number; duplicates: number } };
  return { status: res.status, data: body.data };
}

async function totalRequests(url: string, key: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/classifications/task`, { headers: auth(key) });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { data: { classifications: Array<{ tag: string; usage_share: number }> } };
  return body.data.classifications.length;
}

const ev = (id: string, tag = 'math', model = 'm/a') => ({
  id,
  timestamp: yesterday,
  model,
  usage: { prompt_tokens: 10, completion_tokens: 1 },
  tag,
});

describe('several instances on one PostgreSQL and one Redis', { skip: missing }, () => {
  const instances: Instance[] = [];
  let admin = '';
  let db: pg.Client;

  before(async () => {
    // One after another for the first, so it makes the bootstrap keys; the other two then start at once.
    const dirs = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'taskshare-multi-')));
    const ports = [await freePort(), await freePort(), await freePort()];
    instances.push(start(ports[0]!, dirs[0]!));
    await waitFor(`${instances[0]!.url}/healthz`, {}, 60_000);
    instances.push(start(ports[1]!, dirs[1]!), start(ports[2]!, dirs[2]!));
    await Promise.all(instances.map((i) => waitFor(`${i.url}/healthz`, {}, 60_000)));
    admin = readFileSync(join(dirs[0]!, 'admin.key'), 'utf8').trim();
    db = new pg.Client({ connectionString: PG_URL });
    await db.connect();
  });

  after(async () => {
    for (const i of instances) {
      i.child.kill('SIGTERM');
      await exited(i.child);
      rmSync(i.dir, { recursive: true, force: true });
    }
    await db?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db?.end();
  });

  const createKey = async (url: string, account: string, scopes: string[]) => {
    const res = await fetch(`${url}/api/v1/admin/keys`, {
      method: 'POST',
      headers: auth(admin, { 'content-type': 'application/json' }),
      body: JSON.stringify({ account, scopes }),
    });
    assert.equal(res.status, 201);
    return ((await res.json()) as { data: { key: string; id: string } }).data;
  };

  it('makes the bootstrap keys and the user-hash secret once for all instances', async () => {
    const keys = await db.query(`SELECT account, scopes FROM ${schema}.api_keys ORDER BY account`);
    assert.deepEqual(keys.rows, [
      { account: 'admin', scopes: 'admin,read,ingest' },
      { account: 'local', scopes: 'read' },
    ]);
    // The same user hashes the same through every instance.
    for (const [n, i] of instances.entries())
      assert.equal((await post(i.url, admin, [{ ...ev(`user-${n}`), user: 'same-user' }])).status, 200);
    const hashes = await db.query(`SELECT DISTINCT user_hash FROM ${schema}.events WHERE id LIKE 'user-%'`);
    assert.equal(hashes.rowCount, 1);
    // The later instances found the keys made and did not write key files of their own.
    for (const i of instances.slice(1)) assert.throws(() => readFileSync(join(i.dir, 'admin.key')));
  });

  it("60 concurrent reads with one key over the instances: exactly 30 pass; the account's daily limit holds across them", async () => {
    const { key } = await createKey(instances[0]!.url, 'limits', ['read']);
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, n) =>
        fetch(`${instances[n % 3]!.url}/api/v1/classifications/task`, { headers: auth(key) }).then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        }),
      ),
    );
    assert.equal(statuses.filter((s) => s === 200).length, 30);
    assert.equal(statuses.filter((s) => s === 429).length, 30);
    // A second key of the account: the day allows 40, 30 are spent, so 10 more pass wherever they go.
    const { key: second } = await createKey(instances[1]!.url, 'limits', ['read']);
    const more = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        fetch(`${instances[n % 3]!.url}/api/v1/classifications/task`, { headers: auth(second) }).then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        }),
      ),
    );
    assert.equal(more.filter((s) => s === 200).length, 10);
  });

  it(`events ingested through one instance show in every snapshot within the bound (${SNAPSHOT_CHECK_MS} ms check)`, async () => {
    const { key: reader } = await createKey(instances[0]!.url, 'fresh-reader', ['read']);
    // Every instance caches a snapshot first.
    const before = await Promise.all(instances.map((i) => totalRequests(i.url, reader)));
    assert.ok(before.every((n) => !n || n === before[0]));
    assert.equal((await post(instances[0]!.url, admin, [ev('fresh-1', 'translation')])).status, 200);
    const seen = await Promise.all(
      instances.map((i) =>
        waitUntil(
          `translation at ${i.url}`,
          async () => {
            const res = await fetch(`${i.url}/api/v1/classifications/task`, { headers: auth(reader) });
            const body = (await res.json()) as { data: { classifications: Array<{ tag: string }> } };
            return body.data.classifications.some((c) => c.tag === 'translation');
          },
          20_000,
        ),
      ),
    );
    // The bound is the check interval plus one computation; allow a loaded machine slack on top.
    for (const ms of seen) assert.ok(ms < SNAPSHOT_CHECK_MS + 4_000, `seen after ${ms} ms`);
  });

  it(`a key made on one instance works on the others at once; revoked, it stops within the key cache (${KEY_CACHE_MS} ms)`, async () => {
    const made = await createKey(instances[0]!.url, 'moving', ['read']);
    for (const i of instances) assert.equal((await fetch(`${i.url}/api/v1/classifications/task`, { headers: auth(made.key) })).status, 200);
    const revoked = await fetch(`${instances[1]!.url}/api/v1/admin/keys/${made.id}`, { method: 'DELETE', headers: auth(admin) });
    assert.equal(revoked.status, 200);
    const took = await Promise.all(
      instances.map((i) =>
        waitUntil(
          `revoked at ${i.url}`,
          async () => (await fetch(`${i.url}/api/v1/classifications/task`, { headers: auth(made.key) })).status === 401,
          20_000,
        ),
      ),
    );
    for (const ms of took) assert.ok(ms < KEY_CACHE_MS + 4_000, `revoked after ${ms} ms`);
  });

  it('concurrent writers through different instances: no deadlock, exact counts', async () => {
    const tags = ['math', 'translation', 'code:debugging', 'summarization'];
    const batch = (w: number, b: number) =>
      Array.from({ length: 200 }, (_, i) => ev(`cw-${w}-${b}-${i}`, tags[(i + b) % 4], `m/${(i + w) % 5}`));
    const statuses = await Promise.all(
      [0, 1, 2, 3].map(async (w) => {
        const out: number[] = [];
        for (let b = 0; b < 8; b++)
          out.push((await post(instances[w % 3]!.url, admin, w % 2 ? batch(w, b).reverse() : batch(w, b))).status);
        return out;
      }),
    );
    assert.deepEqual(
      statuses.flat().filter((s) => s !== 200),
      [],
    );
    const r = await db.query(`SELECT count(*)::int AS n FROM ${schema}.events WHERE id LIKE 'cw-%'`);
    assert.equal(r.rows[0].n, 4 * 8 * 200);
    const sum = await db.query(`SELECT sum(requests)::int AS n FROM ${schema}.daily_rollups`);
    const all = await db.query(`SELECT count(*)::int AS n FROM ${schema}.events`);
    assert.equal(sum.rows[0].n, all.rows[0].n, 'the rollups count every stored event exactly once');
  });

  it('an instance killed with SIGKILL mid-ingest loses nothing acknowledged; a retry through another counts nothing twice', async () => {
    const victim = instances[2]!;
    const batches = Array.from({ length: 30 }, (_, b) =>
      Array.from({ length: 300 }, (_, i) => ev(`kill-${b}-${i}`, 'summarization', `m/${i % 9}`)),
    );
    const acknowledged: number[] = [];
    const sending = (async () => {
      for (const [b, events] of batches.entries()) {
        try {
          if ((await post(victim.url, admin, events)).status === 200) acknowledged.push(b);
        } catch {
          return;
        } // killed under us: not acknowledged
      }
    })();
    await waitUntil('a few batches acknowledged', () => acknowledged.length >= 3, 60_000);
    victim.child.kill('SIGKILL');
    await sending;
    await exited(victim.child);
    const stored = await db.query<{ id: string }>(`SELECT id FROM ${schema}.events WHERE id LIKE 'kill-%'`);
    const ids = new Set(stored.rows.map((r) => r.id));
    for (const b of acknowledged) for (const e of batches[b]!) assert.ok(ids.has(e.id), `acknowledged ${e.id} lost`);
    // Everything again, through a surviving instance. (The batch in flight at the kill may still commit,
    // whole, after this point: its COMMIT can reach PostgreSQL before the connection drops.)
    let accepted = 0;
    let duplicates = 0;
    for (const events of batches) {
      const { data } = await post(instances[0]!.url, admin, events);
      accepted += data!.accepted;
      duplicates += data!.duplicates;
    }
    assert.equal(accepted + duplicates, 30 * 300);
    assert.ok(duplicates >= acknowledged.length * 300);
    const kept = await db.query(`SELECT count(*)::int AS n FROM ${schema}.events WHERE id LIKE 'kill-%'`);
    assert.equal(kept.rows[0].n, 30 * 300, 'every event stored once');
    // The rollups count each stored event exactly once: nothing counted twice by the retry.
    const sum = await db.query(`SELECT sum(requests)::int AS n FROM ${schema}.daily_rollups WHERE tag = 'summarization'`);
    const events = await db.query(`SELECT count(*)::int AS n FROM ${schema}.events WHERE tag = 'summarization'`);
    assert.equal(sum.rows[0].n, events.rows[0].n);
  });

  it('no instance wrote a stack or an unhandled error to stderr', () => {
    for (const i of instances) assert.doesNotMatch(i.stderr.join(''), /Unhandled|\n\s+at /);
  });
});
