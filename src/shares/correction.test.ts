import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adjustShares, correctedUsageShares, correctShares } from './correction.ts';

describe('corrected usage shares', () => {
  const tags = ['math', 'translation'];

  it('an identity confusion leaves the shares as they are, with an interval from the sampling only', () => {
    const c = {
      version: 'v',
      tags,
      weight: 0.5,
      confusion: [
        [1000, 0],
        [0, 1000],
      ],
    };
    const got = correctedUsageShares(
      new Map([
        ['math', 300],
        ['translation', 700],
      ]),
      c,
      1,
      0.95,
    )!;
    assert.ok(Math.abs(got.get('math')!.share - 0.3) < 1e-9);
    assert.deepEqual(
      got.get('math')!.interval.map((x) => Math.round(x * 1e6) / 1e6),
      [0.3, 0.3],
      'rate 1, no confusion doubt',
    );
    const sampled = correctedUsageShares(
      new Map([
        ['math', 300],
        ['translation', 700],
      ]),
      c,
      0.1,
      0.95,
    )!.get('math')!;
    assert.ok(sampled.interval[0] < 0.3 && sampled.interval[1] > 0.3 && sampled.interval[1] - sampled.interval[0] < 0.1);
  });

  it('moves share back from the tag the classifier over-predicts, as far as its weight says', () => {
    // 20% of true math is predicted as translation; nothing the other way. Predicted 0.4 / 0.6 -> true
    // 0.5 / 0.5 by the full inversion; at weight 0.5, halfway from the prediction: 0.45.
    const c = {
      version: 'v',
      tags,
      weight: 0.5,
      confusion: [
        [800, 200],
        [0, 1000],
      ],
    };
    const got = correctedUsageShares(
      new Map([
        ['math', 4000],
        ['translation', 6000],
      ]),
      c,
      1,
      0.95,
    )!;
    const expected = 0.4 + 0.5 * (0.5 - 0.4);
    assert.ok(Math.abs(got.get('math')!.share - expected) < 1e-3, String(got.get('math')!.share));
    const [lo, hi] = got.get('math')!.interval;
    assert.ok(lo < expected && hi > expected, `${lo} ${hi}`);
    assert.equal(correctedUsageShares(new Map(), c, 1, 0.95), undefined);
    // The same numbers twice: seeded.
    assert.deepEqual(
      correctedUsageShares(
        new Map([
          ['math', 4000],
          ['translation', 6000],
        ]),
        c,
        0.5,
        0.95,
      ),
      correctedUsageShares(
        new Map([
          ['math', 4000],
          ['translation', 6000],
        ]),
        c,
        0.5,
        0.95,
      ),
    );
  });

  it('EM keeps the shares on the simplex, and so does the shrunk correction', () => {
    const p = adjustShares([0.2, 0.8], [0.9, 0.1, 0.3, 0.7], 2);
    assert.ok(p.every((x) => x >= 0) && Math.abs(p[0]! + p[1]! - 1) < 1e-12);
    const q = correctShares([0.2, 0.8], [0.9, 0.1, 0.3, 0.7], 2, 0.5);
    assert.ok(q.every((x) => x >= 0) && Math.abs(q[0]! + q[1]! - 1) < 1e-12);
    for (let t = 0; t < 2; t++) assert.ok(Math.abs(q[t]! - (0.5 * [0.2, 0.8][t]! + 0.5 * p[t]!)) < 1e-12);
    assert.deepEqual(correctShares([0.2, 0.8], [0.9, 0.1, 0.3, 0.7], 2, 0), Float64Array.from([0.2, 0.8]));
  });
});
