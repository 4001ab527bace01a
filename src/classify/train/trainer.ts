/**
 * Multinomial logistic regression by AdaGrad over precomputed sparse examples. Chosen over naive Bayes
 * and the perceptron because its probabilities make a usable confidence for the `other` threshold, and
 * it measured best on the source split (docs/classifier-eval.md). Deterministic: a seeded shuffle and
 * no parallelism.
 */
import type { LinearModel } from '../model.ts';

/** One training row reduced to what the optimizer needs. */
export interface Example {
  /** Feature indexes, already masked to the model's dimension. */
  idx: Int32Array;
  val: Float32Array;
  /** Fixed prior logits per class (from the lexicon), added before the learned weights. */
  prior: Float32Array;
  y: number;
  /** Sample weight: rows of big or templated sources count less (see `weights.ts`). */
  w: number;
}

export interface TrainOptions {
  bits: number;
  epochs: number;
  /** AdaGrad base step. */
  lr: number;
  /** L2 penalty applied to the weights a row touches. */
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN: TrainOptions = { bits: 16, epochs: 6, lr: 0.3, l2: 1e-4, seed: 1 };

/** mulberry32: a tiny seeded PRNG, so that the shuffle (and thus the weights) is reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function train(examples: Example[], tags: string[], opts: TrainOptions): Pick<LinearModel, 'weights' | 'bias'> {
  const C = tags.length;
  const W = new Float32Array((1 << opts.bits) * C);
  const G = new Float32Array(W.length);
  const B = new Float64Array(C);
  const GB = new Float64Array(C).fill(1e-8);
  const order = examples.map((_, i) => i);
  const rand = prng(opts.seed);
  const s = new Float64Array(C);
  const g = new Float64Array(C);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const oi of order) {
      const ex = examples[oi]!;
      const n = ex.idx.length;
      for (let c = 0; c < C; c++) s[c] = B[c]! + ex.prior[c]!;
      for (let k = 0; k < n; k++) {
        const base = ex.idx[k]! * C;
        const v = ex.val[k]!;
        for (let c = 0; c < C; c++) s[c] = s[c]! + v * W[base + c]!;
      }
      let max = -Infinity;
      for (let c = 0; c < C; c++) if (s[c]! > max) max = s[c]!;
      let sum = 0;
      for (let c = 0; c < C; c++) sum += s[c] = Math.exp(s[c]! - max);
      for (let c = 0; c < C; c++) {
        g[c] = ex.w * (s[c]! / sum - (c === ex.y ? 1 : 0));
        GB[c] = GB[c]! + g[c]! * g[c]!;
        B[c] = B[c]! - (opts.lr * g[c]!) / Math.sqrt(GB[c]!);
      }
      for (let k = 0; k < n; k++) {
        const base = ex.idx[k]! * C;
        const v = ex.val[k]!;
        for (let c = 0; c < C; c++) {
          const gc = g[c]!;
          // Classes with a negligible gradient are skipped: most rows are confidently right after an epoch.
          if (gc < 1e-4 && gc > -1e-4) continue;
          const p = base + c;
          const grad = gc * v + opts.l2 * W[p]!;
          G[p] = G[p]! + grad * grad;
          W[p] = W[p]! - (opts.lr * grad) / Math.sqrt(G[p]! + 1e-8);
        }
      }
    }
  }
  return { weights: W, bias: Float32Array.from(B) };
}
