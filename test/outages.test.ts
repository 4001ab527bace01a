/**
 * Outages of the services a server depends on, each against a server the test started itself (never
 * the machine's shared ones): a Redis that goes away (limits fall back to per-server memory, logged
 * once, shown in /readyz and a metric, back to Redis when it answers) and a PostgreSQL that goes away
 * (JSON 503s with Retry-After, /readyz says so, recovery on its own, nothing acknowledged lost).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { freePort } from '../bench/util.ts';
import { postEvents, startTestServer, taggedEvent } from './helpers/server.ts';
import { OwnPostgres, OwnRedis, servicesMissing, waitUntil } from './helpers/services.ts';

const noRedis = await servicesMissing({ redis: true });

const ready = async (url: string) => {
  const res = await fetch(`${url}/readyz`);
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as { checks?: Record<string, string>; error?: { message: string } },
  };
};
const metric = async (url: string, name: string) => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
};

describe('Redis outage', { skip: noRedis }, () => {
  it('falls back to per-server limits (never a 500), says so once, and goes back to Redis when it answers', async () => {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    const server = await startTestServer({
      redisUrl: redis.url,
      redisPrefix: `t-${randomBytes(4).toString('hex')}`,
      rateLimitPerMinute: 5,
    });
    try {
      const key = await server.createKey('outage', ['read']);
      const read = () => fetch(`${server.url}/api/v1/classifications/task`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal((await read()).status, 200);
      assert.equal((await ready(server.url)).body.checks?.redis, 'ok');

      // ioredis prints "Unhandled error event" stacks to stderr when nobody listens: capture what is written meanwhile.
      const written: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
        written.push(String(chunk));
        return write(chunk, ...rest);
      }) as typeof process.stderr.write;
      await redis.stop();
      // Served and still limited, from this server's memory: 5 a minute, whatever happened before.
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await read()).status);
      assert.deepEqual(
        statuses.filter((s) => s !== 200 && s !== 429),
        [],
        `no 5xx: ${statuses.join(',')}`,
      );
      assert.equal(statuses.filter((s) => s === 429).length >= 1, true);
      const r = await ready(server.url);
      assert.equal(r.status, 200, 'a server without Redis still serves: it stays in the balancer');
      assert.match(r.body.checks?.redis ?? '', /^degraded/);
      assert.equal(await metric(server.url, 'taskshare_rate_limit_fallback'), 1);
      assert.equal(server.logs.filter((l) => l.includes('Redis is not answering')).length, 1, 'logged once, not per request');

      await new Promise((r) => setTimeout(r, 300)); // a reconnect attempt or two happen meanwhile
      process.stderr.write = write;
      assert.doesNotMatch(written.join(''), /Unhandled error event|ECONNREFUSED/);
      await redis.start();
      await waitUntil('back on Redis', async () => (await ready(server.url)).body.checks?.redis === 'ok', 30_000);
      assert.equal(await metric(server.url, 'taskshare_rate_limit_fallback'), 0);
      assert.ok(server.logs.some((l) => l.includes('Redis answers again')));
    } finally {
      await server.stop();
      await redis.stop();
    }
  });
});

const noPostgres = OwnPostgres.available()
  ? false
  : "skipped: needs PostgreSQL's initdb and pg_ctl (under /usr/lib/postgresql/*/bin) to run a server of its own";

describe('PostgreSQL outage', { skip: process.env.CI === 'true' ? false : noPostgres }, () => {
  it('answers JSON 503 with Retry-After, /readyz says so, recovers by itself, loses nothing acknowledged', async () => {
    const db = new OwnPostgres(await freePort());
    db.init();
    db.start();
    const server = await startTestServer({ databaseUrl: db.url, pgSchema: 'outage' });
    try {
      const key = await server.createKey('pg-outage', ['ingest', 'read']);
      const before = await postEvents(server.url, key, [taggedEvent('o-1'), taggedEvent('o-2')]);
      assert.equal(before.status, 200);

      db.stop();
      const during = await postEvents(server.url, key, [taggedEvent('o-3')]);
      assert.equal(during.status, 503);
      assert.match(during.headers.get('content-type') ?? '', /^application\/json/);
      assert.ok(Number(during.headers.get('retry-after')) >= 1);
      const body = (await during.json()) as { error: { code: number; message: string } };
      assert.equal(body.error.code, 503);
      assert.match(body.error.message, /database/);
      const r = await ready(server.url);
      assert.equal(r.status, 503);
      assert.match(r.body.error?.message ?? '', /store/);
      assert.ok(r.retryAfter);
      // A read whose key lookup needs the database is a 503 too, never a 500.
      const fresh = await fetch(`${server.url}/api/v1/classifications/task`, {
        headers: { authorization: `Bearer tsk_${'x'.repeat(32)}` },
      });
      assert.equal(fresh.status, 503);
      assert.ok(fresh.headers.get('retry-after'));

      db.start();
      await waitUntil('the store answers again', async () => (await ready(server.url)).status === 200, 30_000);
      // The client's retry of the refused batch, and the acknowledged ones again: nothing lost, nothing twice.
      const retry = (await (await postEvents(server.url, key, [taggedEvent('o-1'), taggedEvent('o-2'), taggedEvent('o-3')])).json()) as {
        data: { accepted: number; duplicates: number };
      };
      assert.deepEqual([retry.data.accepted, retry.data.duplicates], [1, 2]);
      assert.equal(await server.store.countEvents(), 3);
    } finally {
      await server.stop();
      db.destroy();
    }
  });
});
