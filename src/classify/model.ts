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
   * Logits are divided by this before the softmax (default 1): fitted on held-out-source predictions so
   * that a confidence of 0.8 is right about 80% of the time on unseen sources. It never changes the tag.
   */
  temperature?: number;
  /**
   * Isotonic map of the top probability (after the temperature) to the share of rows right at that
   * probability, as knots: increasing `x`, non-decreasing `y` (see `calibrate`). Fitted on held-out sources.
   */
  isotonic?: { x: number[]; y: number[] };
  /**
   * The same weights as int8, biased by +128 and packed four to a 32-bit word, `QWORDS` words per
   * feature (tags padded up to 32, so one feature's row is one aligned 32-byte block), and one scale per
   * tag: what the runtime reads. Set by `decodeModel`; a float-only model (training, eval) leaves it out.
   * A quarter of the float table's memory, so most lookups hit the cache; see `sumRun` for the sums.
   */
  quantized?: { packed: Uint32Array; scales: Float64Array };
}

/** Bytes per feature row of the int8 table (tags padded up to it). */
export const QSTRIDE = 32;
/** 32-bit words per feature row. */
export const QWORDS = QSTRIDE / 4;

/** Packs int8 rows (`QSTRIDE` per feature) into biased bytes, four per word, little-endian lanes. */
export function packInt8(q: Int8Array): Uint32Array {
  const packed = new Uint32Array(q.length / 4);
  for (let i = 0; i < packed.length; i++) {
    packed[i] = ((q[4 * i]! + 128) | ((q[4 * i + 1]! + 128) << 8) | ((q[4 * i + 2]! + 128) << 16) | ((q[4 * i + 3]! + 128) << 24)) >>> 0;
  }
  return packed;
}

const acc = new Float64Array(QSTRIDE);

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
    const { packed, scales } = m.quantized;
    let k = 0;
    while (k < n) {
      const v = f.values[k]!;
      k = sumRun(packed, f.hashes, f.values, k, n, mask);
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

/** `p` through isotonic knots: linear between knots, the end values beyond them. */
export function calibrate(p: number, knots: { x: number[]; y: number[] }): number {
  const { x, y } = knots;
  if (x.length === 0) return p;
  if (p <= x[0]!) return y[0]!;
  let lo = 0;
  let hi = x.length - 1;
  if (p >= x[hi]!) return y[hi]!;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= p) lo = mid;
    else hi = mid;
  }
  return y[lo]! + ((y[hi]! - y[lo]!) * (p - x[lo]!)) / (x[hi]! - x[lo]!);
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
 * Features summed between two flushes: at most 255 per biased byte, 128 of them keep every lane below
 * 2^15 and so the packed sums within int32, where V8 keeps them as small integers.
 */
const FLUSH = 128;

/**
 * Sums into `acc` the int8 rows of the features from `k` on that share `values[k]`; returns the index
 * after the run. SWAR: each packed word holds four biased bytes; masking its even and its odd bytes
 * gives two words of two 16-bit lanes each, so one addition sums two tags (16 additions per feature
 * instead of 32 byte loads and adds). Lanes are unpacked, and the bias removed, every FLUSH features.
 */
function sumRun(packed: Uint32Array, hashes: Uint32Array, values: Float32Array, k: number, n: number, mask: number): number {
  const v = values[k]!;
  acc.fill(0);
  while (k < n && values[k] === v) {
    let e0 = 0,
      o0 = 0,
      e1 = 0,
      o1 = 0,
      e2 = 0,
      o2 = 0,
      e3 = 0,
      o3 = 0;
    let e4 = 0,
      o4 = 0,
      e5 = 0,
      o5 = 0,
      e6 = 0,
      o6 = 0,
      e7 = 0,
      o7 = 0;
    const stop = Math.min(n, k + FLUSH);
    const from = k;
    for (; k < stop && values[k] === v; k++) {
      const b = (hashes[k]! & mask) * QWORDS;
      let x = packed[b]!;
      e0 += x & 0xff00ff;
      o0 += (x >>> 8) & 0xff00ff;
      x = packed[b + 1]!;
      e1 += x & 0xff00ff;
      o1 += (x >>> 8) & 0xff00ff;
      x = packed[b + 2]!;
      e2 += x & 0xff00ff;
      o2 += (x >>> 8) & 0xff00ff;
      x = packed[b + 3]!;
      e3 += x & 0xff00ff;
      o3 += (x >>> 8) & 0xff00ff;
      x = packed[b + 4]!;
      e4 += x & 0xff00ff;
      o4 += (x >>> 8) & 0xff00ff;
      x = packed[b + 5]!;
      e5 += x & 0xff00ff;
      o5 += (x >>> 8) & 0xff00ff;
      x = packed[b + 6]!;
      e6 += x & 0xff00ff;
      o6 += (x >>> 8) & 0xff00ff;
      x = packed[b + 7]!;
      e7 += x & 0xff00ff;
      o7 += (x >>> 8) & 0xff00ff;
    }
    const bias = 128 * (k - from);
    unpack(0, e0, o0, bias);
    unpack(4, e1, o1, bias);
    unpack(8, e2, o2, bias);
    unpack(12, e3, o3, bias);
    unpack(16, e4, o4, bias);
    unpack(20, e5, o5, bias);
    unpack(24, e6, o6, bias);
    unpack(28, e7, o7, bias);
  }
  return k;
}

/** Adds the four tags of one word position (lanes: even word = tags c, c+2; odd = c+1, c+3). */
function unpack(c: number, even: number, odd: number, bias: number): void {
  acc[c] = acc[c]! + (even & 0xffff) - bias;
  acc[c + 2] = acc[c + 2]! + (even >>> 16) - bias;
  acc[c + 1] = acc[c + 1]! + (odd & 0xffff) - bias;
  acc[c + 3] = acc[c + 3]! + (odd >>> 16) - bias;
}
