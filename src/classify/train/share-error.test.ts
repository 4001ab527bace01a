import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
