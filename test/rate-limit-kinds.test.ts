/**
 * Ingestion and the admin API have limits of their own: an ingest key's batches never spend the read
 * endpoint's 30/minute and 500/day, an admin whose account spent its reads still manages keys, and
 * the read endpoint keeps the contract's limits. On the memory limiter and on Redis.
 */
// test-needs: redis
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { postEvents, startTestServer, type TestServer, taggedEvent } from './helpers/server.ts';

const redisUrl = process.env.TASKSHARE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PATH = '/api/v1/classifications/task';

for (const backend of ['memory', 'redis'] as const) {
  describe(`separate limits on the ${backend} limiter`, () => {
    let server: TestServer;
    // Accounts are unique per run: the Redis is shared with other test runs.
    const account = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;
    before(async () => {
      server = await startTestServer({
        rateLimitPerMinute: 2,
        rateLimitPerDay: 3,
        adminRateLimitPerMinute: 50,
        ingestEventsPerSecond: 1,
        ...(backend === 'redis' ? { redisUrl } : {}),
      });
    });
    after(() => server.stop());

    it('ingest batches spend the ingest budget in events, not the read limits', async () => {
      const acct = account('gw');
      const key = await server.createKey(acct, ['ingest', 'read']);
      // Five requests: more than the read limits (2/minute, 3/day) allow, 50 events of the 60 a minute.
      for (let b = 0; b < 5; b++) {
        const res = await postEvents(
          server.url,
          key,
          Array.from({ length: 10 }, (_, i) => taggedEvent(`${acct}-${b}-${i}`)),
        );
        assert.equal(res.status, 200, `batch ${b}`);
        assert.equal(res.headers.get('x-ratelimit-limit'), '60');
      }
      // The read limits are untouched: this key still has its 2 reads.
      assert.equal((await server.get(PATH, { authorization: `Bearer ${key}` })).status, 200);
      assert.equal((await server.get(PATH, { authorization: `Bearer ${key}` })).status, 200);
      assert.equal((await server.get(PATH, { authorization: `Bearer ${key}` })).status, 429, 'the read endpoint keeps its limit');
    });

    it('a batch over the remaining ingest budget is a 429 with Retry-After and stores nothing', async () => {
      const acct = account('burst');
      const key = await server.createKey(acct, ['ingest']);
      assert.equal(
        (
          await postEvents(
            server.url,
            key,
            Array.from({ length: 55 }, (_, i) => taggedEvent(`${acct}-a${i}`)),
          )
        ).status,
        200,
      );
      const stored = await server.store.countEvents();
      const refused = await postEvents(
        server.url,
        key,
        Array.from({ length: 6 }, (_, i) => taggedEvent(`${acct}-b${i}`)),
      );
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('content-type'), 'application/json');
      assert.deepEqual(await refused.json(), { error: { code: 429, message: 'Rate limit exceeded' } });
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal(await server.store.countEvents(), stored, 'nothing of the refused batch was stored');
      // The refused batch cost nothing: the 5 events left still fit.
      assert.equal(
        (
          await postEvents(
            server.url,
            key,
            Array.from({ length: 5 }, (_, i) => taggedEvent(`${acct}-c${i}`)),
          )
        ).status,
        200,
      );
    });

    it('an admin whose account spent its reads still lists, creates and revokes keys', async () => {
      const admin = { authorization: `Bearer ${server.adminKey}` };
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await server.get(PATH, admin)).status);
      assert.equal(statuses.at(-1), 429, 'the read limits are spent');
      const list = await fetch(`${server.url}/api/v1/admin/keys`, { headers: admin });
      assert.equal(list.status, 200);
      assert.equal(list.headers.get('x-ratelimit-limit'), '50');
      const made = await server.createKey(account('after'), ['read']);
      const { data } = (await list.json()) as { data: Array<{ id: string }> };
      const revoke = await fetch(`${server.url}/api/v1/admin/keys/${data[0]!.id}`, { method: 'DELETE', headers: admin });
      assert.notEqual(revoke.status, 429);
      assert.ok(made.startsWith('tsk_'));
    });

    it('the admin API refuses past its own per-key minute', async () => {
      const fresh = await startTestServer({ adminRateLimitPerMinute: 2, ...(backend === 'redis' ? { redisUrl } : {}) });
      try {
        const admin = { authorization: `Bearer ${fresh.adminKey}` };
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await fetch(`${fresh.url}/api/v1/admin/keys`, { headers: admin })).status);
        assert.deepEqual(statuses, [200, 200, 429]);
        assert.equal((await fresh.get(PATH)).status, 200, 'the read key of the same server is not affected');
      } finally {
        await fresh.stop();
      }
    });
  });
}
