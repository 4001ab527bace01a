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
      k = sumRun(q, f.hashes, f.values, k, n, mask);
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

/**
 * Sums into `acc` the int8 rows of the features from `k` on that share `values[k]`; returns the index
 * after the run. Unrolled over the 32 lanes of a row with local accumulators: V8 keeps them out of
 * memory, which a loop over a typed array of sums does not (about twice as fast).
 */
function sumRun(q: Int8Array, hashes: Uint32Array, values: Float32Array, k: number, n: number, mask: number): number {
  const v = values[k]!;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let a4 = 0;
  let a5 = 0;
  let a6 = 0;
  let a7 = 0;
  let a8 = 0;
  let a9 = 0;
  let a10 = 0;
  let a11 = 0;
  let a12 = 0;
  let a13 = 0;
  let a14 = 0;
  let a15 = 0;
  let a16 = 0;
  let a17 = 0;
  let a18 = 0;
  let a19 = 0;
  let a20 = 0;
  let a21 = 0;
  let a22 = 0;
  let a23 = 0;
  let a24 = 0;
  let a25 = 0;
  let a26 = 0;
  let a27 = 0;
  let a28 = 0;
  let a29 = 0;
  let a30 = 0;
  let a31 = 0;
  for (; k < n && values[k] === v; k++) {
    const b = (hashes[k]! & mask) * QSTRIDE;
    a0 += q[b + 0]!;
    a1 += q[b + 1]!;
    a2 += q[b + 2]!;
    a3 += q[b + 3]!;
    a4 += q[b + 4]!;
    a5 += q[b + 5]!;
    a6 += q[b + 6]!;
    a7 += q[b + 7]!;
    a8 += q[b + 8]!;
    a9 += q[b + 9]!;
    a10 += q[b + 10]!;
    a11 += q[b + 11]!;
    a12 += q[b + 12]!;
    a13 += q[b + 13]!;
    a14 += q[b + 14]!;
    a15 += q[b + 15]!;
    a16 += q[b + 16]!;
    a17 += q[b + 17]!;
    a18 += q[b + 18]!;
    a19 += q[b + 19]!;
    a20 += q[b + 20]!;
    a21 += q[b + 21]!;
    a22 += q[b + 22]!;
    a23 += q[b + 23]!;
    a24 += q[b + 24]!;
    a25 += q[b + 25]!;
    a26 += q[b + 26]!;
    a27 += q[b + 27]!;
    a28 += q[b + 28]!;
    a29 += q[b + 29]!;
    a30 += q[b + 30]!;
    a31 += q[b + 31]!;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
  acc[4] = a4;
  acc[5] = a5;
  acc[6] = a6;
  acc[7] = a7;
  acc[8] = a8;
  acc[9] = a9;
  acc[10] = a10;
  acc[11] = a11;
  acc[12] = a12;
  acc[13] = a13;
  acc[14] = a14;
  acc[15] = a15;
  acc[16] = a16;
  acc[17] = a17;
  acc[18] = a18;
  acc[19] = a19;
  acc[20] = a20;
  acc[21] = a21;
  acc[22] = a22;
  acc[23] = a23;
  acc[24] = a24;
  acc[25] = a25;
  acc[26] = a26;
  acc[27] = a27;
  acc[28] = a28;
  acc[29] = a29;
  acc[30] = a30;
  acc[31] = a31;
  return k;
}
