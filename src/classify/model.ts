/**
 * The built-in model: a multinomial logistic regression over hashed features, plus a small fixed prior
 * from the lexicon's cue counts. Shared by the trainer (float weights) and the runtime (weights loaded
 * from int8), so that what eval measures is what ships.
 */
import { cueScore, type FeatureBuffer } from './features.ts';

export interface LinearModel {
  /** Tags in output order; `other` is never a class (it comes from the threshold). */
  tags: string[];
  /** log2 of the hashed feature dimension. */
  bits: number;
  /** `weights[feature * tags.length + tag]`, feature-major so that one feature's row is contiguous. */
  weights: Float32Array;
  bias: Float32Array;
  /** Logit added per lexicon cue (log1p of the count), before the learned weights. */
  lexPrior: number;
  /** Index into LEX_TAGS for each model tag (-1 when the lexicon has no such tag). */
  lexIndex: Int32Array;
  /**
   * The same weights as int8, `QSTRIDE` per feature (rows padded so that one feature's row is one
   * aligned 32-byte block), and one scale per tag: what the runtime reads. Set by `decodeModel`; a
   * float-only model (training, eval) leaves it out. A quarter of the float table's memory, so most
   * lookups hit the cache, and integer sums need no multiply per weight.
   */
  quantized?: { q: Int8Array; scales: Float64Array };
}

/** Bytes per feature row of the int8 table (tags padded up to it). */
export const QSTRIDE = 32;

const acc = new Int32Array(QSTRIDE);

/** Logits of one feature buffer into `scores` (length tags.length). */
export function logits(m: LinearModel, f: FeatureBuffer, scores: Float64Array): void {
  const C = m.tags.length;
  const mask = (1 << m.bits) - 1;
  const w = m.weights;
  for (let c = 0; c < C; c++) {
    const li = m.lexIndex[c]!;
    scores[c] = m.bias[c]! + (li >= 0 ? m.lexPrior * cueScore(f, li) : 0);
  }
  const n = f.count;
  if (m.quantized !== undefined && C <= QSTRIDE) {
    // Features come in runs of equal value (a zone's words all weigh the same): sum the int8 rows of
    // a run in integers, then scale once per run.
    const { q, scales } = m.quantized;
    let k = 0;
    while (k < n) {
      const v = f.values[k]!;
      acc.fill(0);
      for (; k < n && f.values[k] === v; k++) {
        const base = (f.hashes[k]! & mask) * QSTRIDE;
        for (let c = 0; c < C; c++) acc[c] = acc[c]! + q[base + c]!;
      }
      for (let c = 0; c < C; c++) scores[c] = scores[c]! + v * scales[c]! * acc[c]!;
    }
    return;
  }
  for (let k = 0; k < n; k++) {
    const v = f.values[k]!;
    const base = (f.hashes[k]! & mask) * C;
    for (let c = 0; c < C; c++) scores[c] = scores[c]! + v * w[base + c]!;
  }
}

/** Softmax in place; returns the index of the largest probability. */
export function softmax(scores: Float64Array, C: number): number {
  let best = 0;
  for (let c = 1; c < C; c++) if (scores[c]! > scores[best]!) best = c;
  const max = scores[best]!;
  let sum = 0;
  for (let c = 0; c < C; c++) sum += scores[c] = Math.exp(scores[c]! - max);
  for (let c = 0; c < C; c++) scores[c]! /= sum;
  return best;
}
