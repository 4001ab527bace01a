/**
 * Share error: how far the tag shares the classifier reports are from the true ones, before and after
 * correcting for its known error. The correction is adjusted classify-and-count by maximum likelihood:
 * the true shares p that best explain the predicted counts through the held-out confusion matrix
 * P(predicted | true), found by EM (which keeps p on the simplex, unlike solving the linear system).
 */

/** Total variation distance between two share vectors: half the L1 distance. */
export function totalVariation(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < p.length; i++) d += Math.abs(p[i]! - q[i]!);
  return d / 2;
}

/** Weighted counts of indexes in [0, n), normalized to shares. */
export function sharesOf(indexes: ArrayLike<number>, n: number, weights?: ArrayLike<number>): Float64Array {
  const s = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < indexes.length; i++) {
    const w = weights ? weights[i]! : 1;
    s[indexes[i]!]! += w;
    total += w;
  }
  if (total > 0) for (let i = 0; i < n; i++) s[i]! /= total;
  return s;
}

/**
 * Row-normalized confusion `c[t * n + p]` = P(predicted p | true t) from (truth, predicted) pairs. A
 * true tag with no rows gets the identity row (assume it is classified right: nothing says otherwise).
 */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, n: number): Float64Array {
  const c = new Float64Array(n * n);
  const rows = new Float64Array(n);
  for (let i = 0; i < truth.length; i++) {
    c[truth[i]! * n + predicted[i]!]!++;
    rows[truth[i]!]!++;
  }
  for (let t = 0; t < n; t++) {
    if (rows[t] === 0) c[t * n + t] = 1;
    else for (let p = 0; p < n; p++) c[t * n + p]! /= rows[t]!;
  }
  return c;
}

// The correction itself is share arithmetic: the server applies it too.
export { adjustShares, correctShares } from '../../shares/correction.ts';
