import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newFeatureBuffer } from './features.ts';
import { LEX_TAGS } from './lexicon.ts';
import { calibrate, type LinearModel, logits } from './model.ts';
import { prng } from './train/trainer.ts';
import { committedCorrection, decodeModel, encodeModel, loadCommittedModel } from './weights.ts';

describe('linear model', () => {
  it('sums packed int8 rows exactly as the float weights they decode to, over long runs and extreme weights', () => {
    const C = 30;
    const bits = 10;
    const rand = prng(7);
    const weights = Float32Array.from({ length: (1 << bits) * C }, (_, i) => (i % 97 === 0 ? (i % 2 ? 3 : -3) : rand() * 2 - 1));
    const tags = LEX_TAGS.slice(0, C);
    const m: LinearModel = { tags, bits, weights, bias: new Float32Array(C), lexPrior: 0, lexIndex: new Int32Array(C).fill(-1) };
    const { bin, meta } = encodeModel(m);
    const q = decodeModel(bin, meta);
    assert.ok(q.quantized);
    const f = newFeatureBuffer();
    // A run of 700 equal values (past several flushes), then short runs, with repeated and extreme rows.
    for (let k = 0; k < 900; k++) {
      f.hashes[k] = k < 300 ? 0 : Math.floor(rand() * 4294967296);
      f.values[k] = k < 700 ? 0.25 : k % 3;
    }
    f.count = 900;
    const a = new Float64Array(C);
    const b = new Float64Array(C);
    logits(q, f, a);
    logits({ ...q, quantized: undefined }, f, b);
    for (let c = 0; c < C; c++) assert.ok(Math.abs(a[c]! - b[c]!) < 1e-6 * (1 + Math.abs(b[c]!)), `tag ${c}: ${a[c]} vs ${b[c]}`);
  });

  it('maps a probability through isotonic knots', () => {
    const knots = { x: [0.2, 0.5, 0.9], y: [0.1, 0.4, 0.8] };
    assert.equal(calibrate(0.1, knots), 0.1);
    assert.equal(calibrate(0.95, knots), 0.8);
    assert.ok(Math.abs(calibrate(0.7, knots) - 0.6) < 1e-12);
    assert.equal(calibrate(0.5, knots), 0.4);
    assert.equal(calibrate(0.3, { x: [], y: [] }), 0.3);
  });

  it('ships its share correction: the held-out confusion and how far to trust it, under its own version', () => {
    const m = loadCommittedModel();
    const c = committedCorrection()!;
    assert.equal(c.version, `builtin-${m.sha8}`);
    assert.deepEqual(c.tags, m.tags);
    assert.equal(c.confusion.length, m.tags.length);
    assert.ok(c.weight >= 0 && c.weight <= 1 && Number.isInteger(c.weight * 10), String(c.weight));
  });
});
