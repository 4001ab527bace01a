/**
 * How sure a usage share is: a Wilson score interval for the proportion of sampled requests, widened
 * for sampling with the finite-population correction. Requests are sampled independently at rate r
 * (a hash of the id), so a share estimated from n sampled requests has variance about
 * p(1-p)(1-r)/n: Wilson with the effective size n / (1 - r). At r = 1 every request is counted and the
 * interval is the share itself. Classifier error is not in it (see correction.ts for that).
 *
 * A token share is a ratio of two sampled sums, R = T_tag / T: its linearized variance under the same
 * sampling is (1 - r) * sum_i (y_i - R x_i)^2 / T^2, with x_i a request's tokens and y_i those tokens
 * when the request is in the tag, which the rollups' sums of squared tokens give exactly:
 * sum (y - R x)^2 = (1 - R)^2 Q_tag + R^2 (Q - Q_tag). With equal-size requests it is the usage
 * share's variance. The interval is the normal one, clamped to [0, 1]. Pure.
 */
import { OTHER_TAG, tagInfo } from '../taxonomy/index.ts';
import type { RollupRow } from './types.ts';

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** The two-sided z for a confidence level (0.95 -> 1.96). */
export const zFor = (level: number): number => normalQuantile(0.5 + level / 2);

/** Wilson's interval for x of n sampled at rate `rate` (0 < rate <= 1), clamped to [0, 1]. */
export function wilson(x: number, n: number, z: number, rate: number): [number, number] {
  if (n <= 0) return [0, 1];
  const p = x / n;
  if (rate >= 1) return [p, p];
  const m = n / (1 - rate); // the effective sample size: the finite-population correction
  const z2 = z * z;
  const denominator = 1 + z2 / m;
  const center = (p + z2 / (2 * m)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / m + z2 / (4 * m * m));
  return [Math.max(0, Math.min(p, center - half)), Math.min(1, Math.max(p, center + half))];
}

/** Per tag, the interval of its usage share over the classified requests of `rows` (as computeShares counts them). */
export function usageShareIntervals(rows: Iterable<RollupRow>, z: number, rate: number): Map<string, [number, number]> {
  const byTag = new Map<string, number>();
  let n = 0;
  for (const r of rows) {
    if (r.tag === OTHER_TAG || !tagInfo(r.tag) || r.requests <= 0) continue;
    byTag.set(r.tag, (byTag.get(r.tag) ?? 0) + r.requests);
    n += r.requests;
  }
  return new Map([...byTag].map(([tag, x]) => [tag, wilson(x, n, z, rate)]));
}

/**
 * Per tag, the interval of its token share over the classified requests of `rows`; a row without
 * `tokenSquares` counts as requests of equal size (tokens^2 / requests).
 */
export function tokenShareIntervals(rows: Iterable<RollupRow>, z: number, rate: number): Map<string, [number, number]> {
  const byTag = new Map<string, { tokens: number; squares: number }>();
  let tokens = 0;
  let squares = 0;
  for (const r of rows) {
    if (r.tag === OTHER_TAG || !tagInfo(r.tag) || r.requests <= 0) continue;
    const sq = r.tokenSquares ?? (r.tokens * r.tokens) / r.requests;
    const t = byTag.get(r.tag) ?? { tokens: 0, squares: 0 };
    t.tokens += r.tokens;
    t.squares += sq;
    byTag.set(r.tag, t);
    tokens += r.tokens;
    squares += sq;
  }
  return new Map(
    [...byTag].map(([tag, t]) => {
      if (tokens <= 0) return [tag, [0, 1]];
      const share = t.tokens / tokens;
      if (rate >= 1) return [tag, [share, share]];
      const deviations = (1 - share) ** 2 * t.squares + share ** 2 * Math.max(0, squares - t.squares);
      const half = (z * Math.sqrt((1 - rate) * deviations)) / tokens;
      return [tag, [Math.max(0, share - half), Math.min(1, share + half)]];
    }),
  );
}
