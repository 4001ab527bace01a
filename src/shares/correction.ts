/**
 * Usage shares corrected for the classifier's known error. The model ships its leave-one-source-out
 * confusion counts (truth x predicted, over the 30 tags); the corrected shares are the true shares
 * most likely to have produced the predicted ones through that confusion (adjusted classify-and-count,
 * by EM, which keeps them on the simplex). Their interval is a parametric bootstrap over both sources
 * of doubt: the sampling of requests (a Dirichlet draw of the predicted shares with the effective
 * sample size n / (1 - rate)) and the confusion matrix itself (a Dirichlet draw of each row from its
 * counts). Seeded, so the same data gives the same numbers. Pure.
 *
 * The point goes only part of the EM's way from the observed shares (`ShareCorrection.weight`): the
 * confusion is measured on sources other than the traffic being corrected, and a full inversion
 * trusts it as if it were this traffic's own error. The weight is chosen with the model, on its
 * leave-one-source-out rows (docs/classifier.md).
 */
import { prng } from '../util/prng.ts';

/**
 * The true shares most likely to have produced `predictedShares` through `confusion` (row-normalized,
 * `confusion[t * n + p]` = P(predicted p | true t)). EM from `start` (default uniform, so that a tag
 * the classifier never outputs can still get its share back).
 */
export function adjustShares(
  predictedShares: ArrayLike<number>,
  confusion: ArrayLike<number>,
  n: number,
  iterations = 200,
  start?: ArrayLike<number>,
): Float64Array {
  const p = start ? Float64Array.from(start) : new Float64Array(n).fill(1 / n);
  const next = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    next.fill(0);
    for (let j = 0; j < n; j++) {
      const q = predictedShares[j]!;
      if (q === 0) continue;
      let denom = 0;
      for (let t = 0; t < n; t++) denom += confusion[t * n + j]! * p[t]!;
      if (denom <= 0) continue;
      for (let t = 0; t < n; t++) next[t]! += (q * confusion[t * n + j]! * p[t]!) / denom;
    }
    let sum = 0;
    for (let t = 0; t < n; t++) sum += next[t]!;
    if (sum <= 0) break;
    for (let t = 0; t < n; t++) p[t] = next[t]! / sum;
  }
  return p;
}

/** `observed` moved `weight` of the way towards `adjusted`, in place in `adjusted`. */
function shrink(observed: ArrayLike<number>, adjusted: Float64Array, weight: number): Float64Array {
  for (let t = 0; t < adjusted.length; t++) adjusted[t] = (1 - weight) * observed[t]! + weight * adjusted[t]!;
  return adjusted;
}

/** The corrected shares as served: the EM estimate, `weight` of the way from the observed shares. */
export function correctShares(predictedShares: ArrayLike<number>, confusion: ArrayLike<number>, n: number, weight: number): Float64Array {
  return shrink(predictedShares, adjustShares(predictedShares, confusion, n), weight);
}

/** What a model carries to correct its shares: its tags and held-out confusion counts, `[truth][predicted]`. */
export interface ShareCorrection {
  /** The classifier version whose error this is: tags from any other are not corrected. */
  version: string;
  tags: readonly string[];
  confusion: readonly (readonly number[])[];
  /** How far to move the observed shares towards the EM estimate: 0 not at all, 1 all the way. */
  weight: number;
}

export interface CorrectedShare {
  share: number;
  interval: [number, number];
}

const BOOTSTRAP_DRAWS = 200;
const WARM_ITERATIONS = 20;

/**
 * Per tag of `correction.tags`, the corrected usage share and its interval at `level`, from the
 * requests counted per predicted tag (tags outside the model's list are ignored). Undefined when no
 * request was counted.
 */
export function correctedUsageShares(
  requestsByTag: ReadonlyMap<string, number>,
  correction: ShareCorrection,
  rate: number,
  level: number,
): Map<string, CorrectedShare> | undefined {
  const { tags } = correction;
  const n = tags.length;
  const counts = tags.map((t) => requestsByTag.get(t) ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return undefined;
  const predicted = counts.map((c) => c / total);
  const rows = correction.confusion.map((row) => row.map((x) => Math.max(0, x)));
  const full = adjustShares(predicted, normalizeRows(rows, n), n);
  const point = shrink(predicted, Float64Array.from(full), correction.weight);

  const random = prng(0x7a5c);
  const gamma = gammaSampler(random);
  // Sampling at rate 1 counts every request: only the confusion is in doubt then.
  const effective = rate >= 1 ? Number.POSITIVE_INFINITY : total / (1 - rate);
  const confusions = confusionDraws(correction);
  const draws = tags.map(() => new Float64Array(BOOTSTRAP_DRAWS));
  for (let b = 0; b < BOOTSTRAP_DRAWS; b++) {
    const q = Float64Array.from(
      Number.isFinite(effective)
        ? dirichlet(
            predicted.map((x) => x * effective),
            gamma,
          )
        : predicted,
    );
    const p = shrink(q, adjustShares(q, confusions[b]!, n, WARM_ITERATIONS, full), correction.weight);
    for (let t = 0; t < n; t++) draws[t]![b] = p[t]!;
  }
  const lowAt = Math.floor(((1 - level) / 2) * (BOOTSTRAP_DRAWS - 1));
  const highAt = Math.ceil((1 - (1 - level) / 2) * (BOOTSTRAP_DRAWS - 1));
  const out = new Map<string, CorrectedShare>();
  tags.forEach((tag, t) => {
    const sorted = draws[t]!.sort();
    const share = point[t]!;
    out.set(tag, { share, interval: [Math.min(share, sorted[lowAt]!), Math.max(share, sorted[highAt]!)] });
  });
  return out;
}

const drawnConfusions = new WeakMap<ShareCorrection, Float64Array[]>();

/**
 * The bootstrap's confusion matrices: each row a Dirichlet draw from its counts. They depend on the
 * model alone, so they are drawn once per correction (seeded) and reused by every window.
 */
function confusionDraws(correction: ShareCorrection): Float64Array[] {
  const cached = drawnConfusions.get(correction);
  if (cached) return cached;
  const n = correction.tags.length;
  const rows = correction.confusion.map((row) => row.map((x) => Math.max(0, x)));
  const gamma = gammaSampler(prng(0x5eed));
  const out: Float64Array[] = [];
  for (let b = 0; b < BOOTSTRAP_DRAWS; b++) {
    const c = new Float64Array(n * n);
    for (let t = 0; t < n; t++) {
      const row = rows[t]!;
      if (row.reduce((a, x) => a + x, 0) <= 0) c[t * n + t] = 1;
      else for (const [p, x] of dirichlet(row, gamma).entries()) c[t * n + p] = x;
    }
    out.push(c);
  }
  drawnConfusions.set(correction, out);
  return out;
}

function normalizeRows(rows: number[][], n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let t = 0; t < n; t++) {
    const sum = rows[t]!.reduce((a, x) => a + x, 0);
    if (sum <= 0) c[t * n + t] = 1;
    else for (let p = 0; p < n; p++) c[t * n + p] = rows[t]![p]! / sum;
  }
  return c;
}

/** A Dirichlet draw with these concentrations (a 0 stays 0). */
function dirichlet(alpha: readonly number[], gamma: (shape: number) => number): number[] {
  const g = alpha.map((a) => (a > 0 ? gamma(a) : 0));
  const sum = g.reduce((a, b) => a + b, 0);
  return sum > 0 ? g.map((x) => x / sum) : alpha.map(() => 0);
}

/** Gamma(shape, 1) draws: Marsaglia and Tsang, with the usual boost for shape < 1. */
function gammaSampler(random: () => number): (shape: number) => number {
  const normal = () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const draw = (shape: number): number => {
    if (shape < 1) return draw(shape + 1) * (1 - random()) ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      const v = (1 + c * x) ** 3;
      if (v <= 0) continue;
      const u = 1 - random();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return draw;
}
