import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confidentErrorRate, expectedCalibrationError, fitTemperature, nll, tempered } from './calibration.ts';

describe('calibration', () => {
  it('fits a temperature above 1 for an overconfident model and below 1 for an underconfident one', () => {
    // Logit gap 6 (p ~ 0.998), right 3 times out of 4: the fitted temperature must soften it.
    const over = [0, 0, 0, 1].map((wrong) => ({ logits: Float32Array.of(6, 0), truth: wrong }));
    const tOver = fitTemperature(over);
    assert.ok(tOver > 2, `t=${tOver}`);
    // At the fitted temperature the top probability is close to the 75% accuracy.
    const p = new Float64Array(2);
    tempered(over[0]!.logits, tOver, p);
    assert.ok(Math.abs(p[0]! - 0.75) < 0.01, `p=${p[0]}`);
    assert.ok(nll(over, tOver) < nll(over, 1));
    const under = Array.from({ length: 20 }, (_, i) => ({ logits: Float32Array.of(0.5, 0), truth: i === 0 ? 1 : 0 }));
    assert.ok(fitTemperature(under) < 1);
  });

  it('measures ECE and the confident-error rate', () => {
    const rows = [
      { confidence: 0.95, correct: true },
      { confidence: 0.95, correct: false },
      { confidence: 0.55, correct: true },
      { confidence: 0.55, correct: true },
    ];
    // Bin of 0.95: accuracy 0.5 (gap 0.45, 2 rows); bin of 0.55: accuracy 1 (gap 0.45, 2 rows).
    assert.ok(Math.abs(expectedCalibrationError(rows) - 0.45) < 1e-9);
    assert.equal(confidentErrorRate(rows), 0.25);
    assert.equal(
      expectedCalibrationError([
        { confidence: 0.7, correct: true },
        { confidence: 0.7, correct: true },
        { confidence: 0.7, correct: false },
      ]).toFixed(4),
      '0.0333',
    );
  });
});
