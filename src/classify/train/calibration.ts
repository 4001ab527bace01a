/**
 * Confidence that means what it says: a temperature fitted on held-out-source predictions (logits of
 * rows whose source the model never saw), and the numbers that check it: expected calibration error
 * and the rate of confident errors.
 */

/** One held-out prediction: the model's logits and the index of the true tag. */
export interface Scored {
  logits: Float32Array;
  truth: number;
}

/** Softmax of `logits / t` into `out`; returns the index of the largest. */
export function tempered(logits: ArrayLike<number>, t: number, out: Float64Array): number {
  let best = 0;
  for (let c = 1; c < logits.length; c++) if (logits[c]! > logits[best]!) best = c;
  const max = logits[best]!;
  let sum = 0;
  for (let c = 0; c < logits.length; c++) sum += out[c] = Math.exp((logits[c]! - max) / t);
  for (let c = 0; c < logits.length; c++) out[c]! /= sum;
  return best;
}

/** Mean negative log-likelihood of the true tags at temperature `t`. */
export function nll(rows: Scored[], t: number): number {
  if (rows.length === 0) return 0;
  const p = new Float64Array(rows[0]!.logits.length);
  let sum = 0;
  for (const r of rows) {
    tempered(r.logits, t, p);
    sum -= Math.log(Math.max(p[r.truth]!, 1e-12));
  }
  return sum / rows.length;
}

/** The temperature minimizing NLL, by golden-section search over log t in [1/20, 20] (NLL is unimodal in t). */
export function fitTemperature(rows: Scored[]): number {
  let a = Math.log(0.05);
  let b = Math.log(20);
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = b - g * (b - a);
  let x2 = a + g * (b - a);
  let f1 = nll(rows, Math.exp(x1));
  let f2 = nll(rows, Math.exp(x2));
  for (let i = 0; i < 40; i++) {
    if (f1 < f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - g * (b - a);
      f1 = nll(rows, Math.exp(x1));
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (b - a);
      f2 = nll(rows, Math.exp(x2));
    }
  }
  return Number(Math.exp((a + b) / 2).toPrecision(4));
}

/** Top confidence and whether the top tag is right, per row. */
export interface Confident {
  confidence: number;
  correct: boolean;
}

/** Expected calibration error over `bins` equal-width confidence bins: sum of |accuracy - confidence| weighted by bin size. */
export function expectedCalibrationError(rows: Confident[], bins = 15): number {
  const n = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const right = new Float64Array(bins);
  for (const r of rows) {
    const b = Math.min(bins - 1, Math.floor(r.confidence * bins));
    n[b]!++;
    conf[b]! += r.confidence;
    if (r.correct) right[b]!++;
  }
  let e = 0;
  for (let b = 0; b < bins; b++) if (n[b]! > 0) e += Math.abs(right[b]! - conf[b]!);
  return e / Math.max(1, rows.length);
}

/** Share of all rows that are wrong with confidence >= `at`. */
export function confidentErrorRate(rows: Confident[], at = 0.9): number {
  return rows.filter((r) => !r.correct && r.confidence >= at).length / Math.max(1, rows.length);
}

/**
 * Isotonic regression of correctness on confidence (pool-adjacent-violators), as knots for
 * `calibrate` (model.ts): each pooled block's mean confidence and accuracy. Applied after the
 * temperature, it fixes what one temperature cannot (a model overconfident at the top and about right
 * in the middle).
 */
export function fitIsotonic(rows: Confident[]): { x: number[]; y: number[] } {
  const sorted = [...rows].sort((a, b) => a.confidence - b.confidence);
  const sx: number[] = [];
  const sy: number[] = [];
  const n: number[] = [];
  for (const r of sorted) {
    sx.push(r.confidence);
    sy.push(r.correct ? 1 : 0);
    n.push(1);
    while (n.length > 1 && sy[sy.length - 2]! / n[n.length - 2]! >= sy[sy.length - 1]! / n[n.length - 1]!) {
      const k = n.length - 1;
      sx[k - 1]! += sx[k]!;
      sy[k - 1]! += sy[k]!;
      n[k - 1]! += n[k]!;
      sx.pop();
      sy.pop();
      n.pop();
    }
  }
  const round = (v: number): number => Number(v.toFixed(4));
  return { x: sx.map((s, i) => round(s / n[i]!)), y: sy.map((s, i) => round(s / n[i]!)) };
}
