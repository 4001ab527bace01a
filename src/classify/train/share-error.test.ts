import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseCorrectionWeight, type HeldOut } from './evaluate.ts';
import { MODEL_TAGS } from './pipeline.ts';
import { adjustShares, confusionMatrix, sharesOf, totalVariation } from './share-error.ts';

describe('share error', () => {
  it('is half the L1 distance between share vectors', () => {
    assert.equal(totalVariation([0.5, 0.5, 0], [0.5, 0, 0.5]), 0.5);
    assert.equal(totalVariation([1, 0], [1, 0]), 0);
    assert.deepEqual(Array.from(sharesOf([0, 0, 1], 3)), [2 / 3, 1 / 3, 0]);
    assert.deepEqual(Array.from(sharesOf([0, 1], 2, [3, 1])), [0.75, 0.25]);
  });

  it('recovers the true shares from predicted ones through a known confusion', () => {
    // Tag 0 is predicted as 1 a fifth of the time; tag 1 is always right; tag 2 never occurs.
    const c = confusionMatrix([0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 1, 1], 3);
    assert.deepEqual(Array.from(c), [0.8, 0.2, 0, 0, 1, 0, 0, 0, 1]);
    // True shares 0.5 / 0.5 are predicted as 0.4 / 0.6.
    const adjusted = adjustShares([0.4, 0.6, 0], c, 3, 2000);
    assert.ok(totalVariation(adjusted, [0.5, 0.5, 0]) < 1e-3, Array.from(adjusted).join(','));
    assert.ok(Math.abs(adjusted.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    // With an identity confusion the predicted shares stand.
    const id = confusionMatrix([], [], 2);
    assert.ok(totalVariation(adjustShares([0.3, 0.7], id, 2), [0.3, 0.7]) < 1e-9);
  });
});

describe('the correction weight chosen with a model', () => {
  const MATH = MODEL_TAGS.indexOf('math');
  const TRANSLATION = MODEL_TAGS.indexOf('translation');
  /** `n` rows of `source` with true tag `truth`, the first `wrong` of them predicted as `as`. */
  const rows = (source: string, truth: number, n: number, wrong = 0, as = truth): HeldOut[] =>
    Array.from({ length: n }, (_, i) => ({ source, truth, predicted: i < wrong ? as : truth, logits: new Float32Array(0) }));

  it('is all the way when every source makes the same error', () => {
    // Each source: a fifth of its math predicted as translation, in different true mixes.
    const loo = Array.from({ length: 8 }, (_, s) => [
      ...rows(`s${s}`, MATH, 50 + 20 * s, (50 + 20 * s) / 5, TRANSLATION),
      ...rows(`s${s}`, TRANSLATION, 200 - 20 * s),
    ]).flat();
    assert.equal(chooseCorrectionWeight(loo), 1);
  });

  it('stops short of all the way when the error is one source’s, not every source’s', () => {
    // One source mislabels all its math; the others make no error, and a full correction of them
    // through a confusion that holds that source's error overshoots.
    const loo = [
      ...rows('bad', MATH, 200, 200, TRANSLATION),
      ...Array.from({ length: 7 }, (_, s) => [...rows(`s${s}`, MATH, 60), ...rows(`s${s}`, TRANSLATION, 40)]).flat(),
    ];
    const w = chooseCorrectionWeight(loo);
    assert.ok(w < 1 && w >= 0 && Number.isInteger(w * 10), String(w));
  });
});
