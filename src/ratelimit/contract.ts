/** One contract for every RateLimiter backend: memory and Redis run the same cases. */
import assert from 'node:assert/strict';
import { describe, it, after } from 'node:test';
import type { RateLimiter, RateLimits } from './interface.ts';

const NOON = Date.parse('2026-06-18T12:00:00Z');

export function runRateLimiterContract(name: string, create: (limits: RateLimits) => Promise<RateLimiter>): void {
  describe(`RateLimiter contract: ${name}`, () => {
    const made: RateLimiter[] = [];
    const make = async (limits: RateLimits) => { const l = await create(limits); made.push(l); return l; };
    after(async () => { for (const l of made) await l.close(); });

    it('allows up to the per-minute limit per key, then refuses with a retry delay', async () => {
      const limiter = await make({ perMinute: 3, perDay: 100 });
      const s = { keyId: 'k1', account: 'a1' };
      const seen = [];
      for (let i = 0; i < 4; i++) seen.push(await limiter.hit(s, NOON));
      assert.deepEqual(seen.map((d) => d.allowed), [true, true, true, false]);
      assert.deepEqual(seen.map((d) => d.remaining), [2, 1, 0, 0]);
      assert.equal(seen[3]!.limit, 3);
      assert.ok(seen[3]!.retryAfterSeconds >= 1 && seen[3]!.retryAfterSeconds <= 60);
      // Another key of the same account has its own minute.
      assert.equal((await limiter.hit({ keyId: 'k2', account: 'a1' }, NOON)).allowed, true);
    });

    it('shares the per-day limit across the keys of one account, resetting at UTC midnight', async () => {
      const limiter = await make({ perMinute: 100, perDay: 3 });
      const results = [];
      for (const keyId of ['x1', 'x2', 'x3', 'x4']) results.push(await limiter.hit({ keyId, account: 'acct' }, NOON));
      assert.deepEqual(results.map((d) => d.allowed), [true, true, true, false]);
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
  });
}
