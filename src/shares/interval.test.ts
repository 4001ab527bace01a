import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { prng } from '../util/prng.ts';
import { normalQuantile, wilson, zFor } from './interval.ts';

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
