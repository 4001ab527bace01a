import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { prng } from '../util/prng.ts';
import { normalQuantile, tokenShareIntervals, usageShareIntervals, wilson, zFor } from './interval.ts';
import type { RollupRow } from './types.ts';

describe('usage share intervals', () => {
  it('z values and Wilson on known numbers', () => {
    assert.ok(Math.abs(zFor(0.95) - 1.959963985) < 1e-8);
    assert.ok(Math.abs(zFor(0.99) - 2.575829304) < 1e-8);
    assert.ok(Math.abs(normalQuantile(0.001) + 3.090232306) < 1e-8);
    // Wilson 95% for 10 of 100 (a textbook value: 0.0552 .. 0.1744), with rate -> 0 (no correction).
    const [lo, hi] = wilson(10, 100, zFor(0.95), 0);
    assert.ok(Math.abs(lo - 0.05523) < 1e-4 && Math.abs(hi - 0.17437) < 1e-4, `${lo} ${hi}`);
    assert.deepEqual(wilson(3, 10, 1.96, 1), [0.3, 0.3]);
    assert.deepEqual(wilson(0, 0, 1.96, 0.5), [0, 1]);
  });

  it('always holds the share, inside [0, 1], narrower at a higher sample rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e7 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.001, max: 0.99, noNaN: true }),
        (n, f, rate) => {
          const x = Math.round(f * n);
          const [lo, hi] = wilson(x, n, 1.96, rate);
          assert.ok(lo >= 0 && hi <= 1 && lo <= x / n && x / n <= hi);
          const [lo2, hi2] = wilson(x, n, 1.96, Math.min(1, rate + 0.005));
          assert.ok(hi2 - lo2 <= hi - lo + 1e-12);
        },
      ),
    );
  });

  it('simulation: 95% intervals cover the true share in at least 93% of sampled windows', () => {
    const random = prng(12345); // seeded: the test is the same every run
    const z = zFor(0.95);
    for (const [population, trueShares, rate] of [
      [20_000, [0.5, 0.3, 0.15, 0.05], 0.1],
      [5_000, [0.7, 0.2, 0.08, 0.02], 0.3],
      [2_000, [0.4, 0.4, 0.2], 0.6],
    ] as Array<[number, number[], number]>) {
      // A fixed population: the true share is of these requests, not of the generating probabilities.
      const tags = Array.from({ length: population }, () => {
        let u = random();
        let t = 0;
        while (t < trueShares.length - 1 && u >= trueShares[t]!) u -= trueShares[t++]!;
        return t;
      });
      const truth = trueShares.map((_, t) => tags.filter((x) => x === t).length / population);
      let covered = 0;
      let total = 0;
      for (let w = 0; w < 500; w++) {
        const counts = trueShares.map(() => 0);
        let n = 0;
        for (const t of tags)
          if (random() < rate) {
            counts[t]! += 1;
            n += 1;
          }
        counts.forEach((x, t) => {
          const [lo, hi] = wilson(x, n, z, rate);
          total += 1;
          if (lo <= truth[t]! && truth[t]! <= hi) covered += 1;
        });
      }
      assert.ok(covered / total >= 0.93, `coverage ${covered / total} at rate ${rate}`);
    }
  });
});

describe('token share intervals', () => {
  const row = (tag: string, requests: number, tokens: number, tokenSquares?: number): RollupRow => ({
    tag,
    model: null,
    requests,
    tokens,
    tokenSquares,
  });

  it("on hand-computed numbers, and equal to the usage interval's variance for equal-size requests", () => {
    // Tag a: 2 requests of 10 and 30 tokens (Q = 1000); tag b: 1 of 60 (Q = 3600). T = 100, R_a = 0.4.
    // sum (y - R x)^2 = 0.36 * 1000 + 0.16 * 3600 = 936; at rate 0.9 the half width is z * sqrt(0.1 * 936) / 100.
    const z = zFor(0.95);
    const got = tokenShareIntervals([row('math', 2, 40, 1000), row('translation', 1, 60, 3600)], z, 0.9);
    const half = (z * Math.sqrt(0.1 * 936)) / 100;
    const [lo, hi] = got.get('math')!;
    assert.ok(Math.abs(lo - (0.4 - half)) < 1e-12 && Math.abs(hi - (0.4 + half)) < 1e-12, `${lo} ${hi}`);
    assert.deepEqual(tokenShareIntervals([row('math', 2, 40, 1000)], z, 1).get('math'), [1, 1]);
    // Requests of one size: the normal interval of a proportion, p(1-p)(1-r)/n.
    const equal = tokenShareIntervals([row('math', 30, 300, 3000), row('translation', 70, 700, 7000)], z, 0.2).get('math')!;
    const p = 0.3;
    const h = z * Math.sqrt((p * (1 - p) * 0.8) / 100);
    assert.ok(Math.abs(equal[1] - (p + h)) < 1e-12);
    // other and unknown tags are in no denominator, as in computeShares.
    assert.deepEqual([...tokenShareIntervals([row('other', 5, 50), row('math', 1, 10)], z, 1)], [['math', [1, 1]]]);
    assert.equal(usageShareIntervals([row('other', 5, 50)], z, 1).size, 0);
  });

  it('simulation: 95% intervals cover the true token share in at least 93% of sampled windows', () => {
    const random = prng(777);
    const z = zFor(0.95);
    for (const [population, rate] of [
      [20_000, 0.05],
      [5_000, 0.3],
    ] as Array<[number, number]>) {
      // Heavy-ish tails: log-normal request sizes, larger for tag 0, over four tags.
      const requests = Array.from({ length: population }, () => {
        const tag = Math.floor(random() * 4);
        const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
        return { tag, tokens: Math.round(Math.exp(6 + (tag === 0 ? 0.5 : 0) + 0.8 * normal)) };
      });
      const total = requests.reduce((a, r) => a + r.tokens, 0);
      const truth = [0, 1, 2, 3].map((t) => requests.filter((r) => r.tag === t).reduce((a, r) => a + r.tokens, 0) / total);
      let covered = 0;
      let windows = 0;
      for (let w = 0; w < 400; w++) {
        const cells = [0, 1, 2, 3].map((t) => ({
          tag: ['math', 'translation', 'summarization', 'content_writing'][t]!,
          n: 0,
          tokens: 0,
          sq: 0,
        }));
        for (const r of requests) {
          if (random() >= rate) continue;
          const c = cells[r.tag]!;
          c.n += 1;
          c.tokens += r.tokens;
          c.sq += r.tokens * r.tokens;
        }
        const got = tokenShareIntervals(
          cells.map((c) => row(c.tag, c.n, c.tokens, c.sq)),
          z,
          rate,
        );
        cells.forEach((c, t) => {
          const [lo, hi] = got.get(c.tag)!;
          windows += 1;
          if (lo <= truth[t]! && truth[t]! <= hi) covered += 1;
        });
      }
      assert.ok(covered / windows >= 0.93, `coverage ${covered / windows} at rate ${rate}`);
    }
  });
});
