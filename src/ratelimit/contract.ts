/** One contract for every RateLimiter backend: memory and Redis run the same cases. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { INGEST_WINDOW_SECONDS, type RateLimiter, type RateLimits } from './interface.ts';

const NOON = Date.parse('2026-06-18T12:00:00Z');
const GENEROUS: RateLimits = { perMinute: 100, perDay: 1000, adminPerMinute: 100, ingestEventsPerSecond: 1000 };

export function runRateLimiterContract(name: string, create: (limits: RateLimits) => Promise<RateLimiter>): void {
  describe(`RateLimiter contract: ${name}`, () => {
    const made: RateLimiter[] = [];
    const make = async (limits: Partial<RateLimits>) => {
      const l = await create({ ...GENEROUS, ...limits });
      made.push(l);
      return l;
    };
    after(async () => {
      for (const l of made) await l.close();
    });

    it('allows up to the per-minute limit per key, then refuses with a retry delay', async () => {
      const limiter = await make({ perMinute: 3, perDay: 100 });
      const s = { keyId: 'k1', account: 'a1' };
      const seen = [];
      for (let i = 0; i < 4; i++) seen.push(await limiter.hit(s, NOON));
      assert.deepEqual(
        seen.map((d) => d.allowed),
        [true, true, true, false],
      );
      assert.deepEqual(
        seen.map((d) => d.remaining),
        [2, 1, 0, 0],
      );
      assert.equal(seen[3]!.limit, 3);
      assert.ok(seen[3]!.retryAfterSeconds >= 1 && seen[3]!.retryAfterSeconds <= 60);
      // Another key of the same account has its own minute.
      assert.equal((await limiter.hit({ keyId: 'k2', account: 'a1' }, NOON)).allowed, true);
    });

    it('shares the per-day limit across the keys of one account, resetting at UTC midnight', async () => {
      const limiter = await make({ perMinute: 100, perDay: 3 });
      const results = [];
      for (const keyId of ['x1', 'x2', 'x3', 'x4']) results.push(await limiter.hit({ keyId, account: 'acct' }, NOON));
      assert.deepEqual(
        results.map((d) => d.allowed),
        [true, true, true, false],
      );
      const last = results[3]!;
      assert.equal(last.limit, 3);
      // Refused at noon: the day resets in 12 hours.
      assert.equal(last.retryAfterSeconds, 12 * 3600);
      assert.equal((await limiter.hit({ keyId: 'x1', account: 'other' }, NOON)).allowed, true);
    });

    it('a request refused by the account limit does not use up the key minute', async () => {
      const limiter = await make({ perMinute: 1, perDay: 1 });
      assert.equal((await limiter.hit({ keyId: 'r1', account: 'day1' }, NOON)).allowed, true);
      assert.equal((await limiter.hit({ keyId: 'r2', account: 'day1' }, NOON)).allowed, false);
      // r2's single point per minute was given back, so it can still be used (seen through another account).
      assert.equal((await limiter.hit({ keyId: 'r2', account: 'day2' }, NOON)).allowed, true);
      assert.equal((await limiter.hit({ keyId: 'r2', account: 'day3' }, NOON)).allowed, false);
    });

    it('reports the binding limit while allowed', async () => {
      const limiter = await make({ perMinute: 10, perDay: 500 });
      const d = await limiter.hit({ keyId: 'b1', account: 'b' }, NOON);
      assert.deepEqual([d.allowed, d.limit, d.remaining], [true, 10, 9]);
      assert.ok(d.resetAtMs > NOON && d.resetAtMs <= NOON + 60_000);
    });

    it('admin calls have their own per-key minute, apart from the read limits', async () => {
      const limiter = await make({ perMinute: 1, perDay: 1, adminPerMinute: 2 });
      const s = { keyId: 'adm1', account: 'adm' };
      assert.equal((await limiter.hit(s, NOON)).allowed, true);
      assert.equal((await limiter.hit(s, NOON)).allowed, false, 'the read limits are spent');
      const seen = [];
      for (let i = 0; i < 3; i++) seen.push(await limiter.hitAdmin(s, NOON));
      assert.deepEqual(
        seen.map((d) => d.allowed),
        [true, true, false],
      );
      assert.deepEqual(
        seen.map((d) => d.limit),
        [2, 2, 2],
      );
      assert.ok(seen[2]!.retryAfterSeconds >= 1 && seen[2]!.retryAfterSeconds <= 60);
      // Admin calls spent nothing of the read limits of another key.
      assert.equal((await limiter.hit({ keyId: 'adm2', account: 'adm-other' }, NOON)).allowed, true);
    });

    it('ingestion spends events per account, refuses a batch over the budget whole, and never touches the read limits', async () => {
      const limiter = await make({ perMinute: 1, perDay: 1, ingestEventsPerSecond: 10 });
      const budget = 10 * INGEST_WINDOW_SECONDS;
      const a = { keyId: 'ing1', account: 'ing' };
      const first = await limiter.takeEvents(a, budget - 100, NOON);
      assert.deepEqual([first.allowed, first.limit, first.remaining], [true, budget, 100]);
      // Another key of the same account shares the budget: 101 events do not fit in the 100 left.
      const over = await limiter.takeEvents({ keyId: 'ing2', account: 'ing' }, 101, NOON);
      assert.equal(over.allowed, false);
      assert.ok(over.retryAfterSeconds >= 1 && over.retryAfterSeconds <= INGEST_WINDOW_SECONDS);
      // The refused batch cost nothing: exactly the 100 left still fit.
      const rest = await limiter.takeEvents(a, 100, NOON);
      assert.deepEqual([rest.allowed, rest.remaining], [true, 0]);
      assert.equal((await limiter.takeEvents(a, 1, NOON)).allowed, false);
      // Other accounts have their own budget, and the read limits were not spent by any of it.
      assert.equal((await limiter.takeEvents({ keyId: 'ing3', account: 'ing-b' }, budget, NOON)).allowed, true);
      assert.equal((await limiter.hit(a, NOON)).allowed, true);
    });

    it('a batch larger than the whole ingest window takes all of a fresh window instead of never passing', async () => {
      const limiter = await make({ ingestEventsPerSecond: 1 });
      const big = { keyId: 'big1', account: 'big' };
      const d = await limiter.takeEvents(big, 10 * INGEST_WINDOW_SECONDS, NOON);
      assert.deepEqual([d.allowed, d.remaining], [true, 0]);
      assert.equal((await limiter.takeEvents(big, 1, NOON)).allowed, false);
    });
  });
}
