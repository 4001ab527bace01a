/**
 * The held-out evaluations of the built-in model:
 * - hash split: 80/20 by a hash of the row id (how well the model fits sources it has seen);
 * - source split: leave one source out (loso.ts), plus the eval-only sources against a model trained
 *   on all of train. This is the number that predicts real traffic, whose wording and templates are
 *   not those of train/. Calibration and share error are measured on it too.
 */
import { calibrate } from '../model.ts';
import {
  type Confident,
  confidentErrorRate,
  expectedCalibrationError,
  fitIsotonic,
  fitTemperature,
  type Scored,
  tempered,
} from './calibration.ts';
import { idFraction } from './data.ts';
import { type Fold, foldGroup } from './loso.ts';
import { type Report, report } from './metrics.ts';
import { type Featurized, MODEL_TAGS, type PipelineOptions, predict, rowLogits, trainModel } from './pipeline.ts';
import { confusionMatrix, correctShares, sharesOf, totalVariation } from './share-error.ts';

/** Fraction of rows held out by the hash split. */
export const HASH_TEST_FRACTION = 0.2;

export function hashSplit(data: Featurized[], opts: PipelineOptions): Report {
  const test = data.filter((f) => idFraction(f.row.id) < HASH_TEST_FRACTION && f.row.tag !== 'other');
  const model = trainModel(
    data.filter((f) => idFraction(f.row.id) >= HASH_TEST_FRACTION),
    opts,
  );
  return report(test.map((f) => ({ truth: f.row.tag, predicted: predict(model, f) })));
}

/** One held-out row: its source, true tag index, logits and the index the model chose. */
export interface HeldOut extends Scored {
  source: string;
  predicted: number;
}

const C = MODEL_TAGS.length;

export function foldRows(train: Featurized[], folds: Fold[]): HeldOut[] {
  const out: HeldOut[] = [];
  for (const f of folds) {
    f.rows.forEach((r, i) => {
      const logits = f.logits.subarray(i * C, (i + 1) * C);
      let best = 0;
      for (let c = 1; c < C; c++) if (logits[c]! > logits[best]!) best = c;
      out.push({ source: f.source, truth: MODEL_TAGS.indexOf(train[r]!.row.tag), logits, predicted: best });
    });
  }
  return out;
}

/** Rows of `data` scored by one model (the eval-only sources against the model trained on all of train). */
export function scoreRows(model: ReturnType<typeof trainModel>, data: Featurized[]): HeldOut[] {
  const s = new Float64Array(C);
  return data
    .filter((f) => MODEL_TAGS.includes(f.row.tag))
    .map((f) => {
      const predicted = rowLogits(model, f, s);
      return { source: f.row.source, truth: MODEL_TAGS.indexOf(f.row.tag), logits: Float32Array.from(s), predicted };
    });
}

const tagReport = (rows: HeldOut[]): Report =>
  report(rows.map((r) => ({ truth: MODEL_TAGS[r.truth]!, predicted: MODEL_TAGS[r.predicted]! })));

function confident(rows: HeldOut[], temperatureOf: (source: string) => number): Confident[] {
  const p = new Float64Array(C);
  return rows.map((r) => {
    const best = tempered(r.logits, temperatureOf(r.source), p);
    return { confidence: p[best]!, correct: best === r.truth };
  });
}

export interface Calibration {
  /** Fitted on all LOSO rows: what the committed model uses. */
  temperature: number;
  /**
   * Fitted on all LOSO rows at that temperature; shipped only when it lowers the cross-fitted ECE
   * (`useIsotonic`): with few sources per tag it can fit their quirks instead of the model's.
   */
  isotonic: { x: number[]; y: number[] };
  useIsotonic: boolean;
  /** Temperature only (each source at a temperature fitted without it). */
  eceTemperature: number;
  confidentErrorsTemperature: number;
  /** Before calibration (temperature 1). */
  eceRaw: number;
  confidentErrorsRaw: number;
  /** Temperature and isotonic map, each source's rows through both fitted without that source. */
  ece: number;
  confidentErrors: number;
  /** Eval-only rows through the committed temperature and isotonic map. */
  eceEvalOnly: number;
  confidentErrorsEvalOnly: number;
  /** Per confidence cut: share of rows below it and accuracy below / at or above it (LOSO, calibrated). */
  cuts: { cut: number; below: number; accuracyBelow: number; accuracyAbove: number; tv: number }[];
}

export function calibration(loo: HeldOut[], evalOnly: HeldOut[]): Calibration {
  const temperature = fitTemperature(loo);
  const isotonic = fitIsotonic(confident(loo, () => temperature));
  const raw = confident(loo, () => 1);
  // Cross-fitted: each source's rows through a temperature and an isotonic map fitted without it.
  const tempOnly: Confident[] = [];
  const cross: Confident[] = [];
  const ordered: HeldOut[] = [];
  for (const s of new Set(loo.map((r) => r.source))) {
    const others = loo.filter((r) => foldGroup(r.source) !== foldGroup(s));
    const t = fitTemperature(others);
    const iso = fitIsotonic(confident(others, () => t));
    const mine = loo.filter((r) => r.source === s);
    ordered.push(...mine);
    for (const c of confident(mine, () => t)) {
      tempOnly.push(c);
      cross.push({ confidence: calibrate(c.confidence, iso), correct: c.correct });
    }
  }
  const truthShares = sharesOf(
    ordered.map((r) => r.truth),
    C,
  );
  const useIsotonic = expectedCalibrationError(cross) < expectedCalibrationError(tempOnly);
  const shipped = useIsotonic ? cross : tempOnly;
  const outside = confident(evalOnly, () => temperature).map((c) => ({
    confidence: useIsotonic ? calibrate(c.confidence, isotonic) : c.confidence,
    correct: c.correct,
  }));
  const cuts = [0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((cut) => {
    const below = shipped.filter((r) => r.confidence < cut);
    const above = shipped.filter((r) => r.confidence >= cut);
    const acc = (xs: Confident[]): number => xs.filter((r) => r.correct).length / Math.max(1, xs.length);
    // The shares with the rows below the cut as `other` (which no share counts), against the true ones.
    const kept = ordered.filter((_, i) => shipped[i]!.confidence >= cut);
    const tv = totalVariation(
      sharesOf(
        kept.map((r) => r.predicted),
        C,
      ),
      truthShares,
    );
    return { cut, below: below.length / Math.max(1, shipped.length), accuracyBelow: acc(below), accuracyAbove: acc(above), tv };
  });
  return {
    temperature,
    isotonic,
    useIsotonic,
    eceTemperature: expectedCalibrationError(tempOnly),
    confidentErrorsTemperature: confidentErrorRate(tempOnly),
    eceRaw: expectedCalibrationError(raw),
    confidentErrorsRaw: confidentErrorRate(raw),
    ece: expectedCalibrationError(cross),
    confidentErrors: confidentErrorRate(cross),
    eceEvalOnly: expectedCalibrationError(outside),
    confidentErrorsEvalOnly: confidentErrorRate(outside),
    cuts,
  };
}

/** Truth-by-prediction counts, `counts[truth][predicted]`: what meta.json stores for share correction. */
export function confusionCounts(rows: HeldOut[]): number[][] {
  const m = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  for (const r of rows) m[r.truth]![r.predicted]!++;
  return m;
}

/** Raw and corrected share error of `rows`, the correction from the confusion of `from`, `trust` of the way. */
function shareError(rows: HeldOut[], from: HeldOut[], trust: number): { raw: number; corrected: number } {
  const truth = sharesOf(
    rows.map((r) => r.truth),
    C,
  );
  const pred = sharesOf(
    rows.map((r) => r.predicted),
    C,
  );
  const conf = confusionMatrix(
    from.map((r) => r.truth),
    from.map((r) => r.predicted),
    C,
  );
  return { raw: totalVariation(pred, truth), corrected: totalVariation(correctShares(pred, conf, C, trust), truth) };
}

/** Traffic mixes: row weights by true tag, so that the held-out rows look like a kind of platform. */
export const MIXES: { name: string; description: string; weight: (tag: string) => number }[] = [
  { name: 'as held out', description: 'every LOSO row once', weight: () => 1 },
  { name: 'programming-heavy', description: '`code:*` rows weigh 4', weight: (t) => (t.startsWith('code:') ? 4 : 1) },
  {
    name: 'roleplay-heavy',
    description: '`roleplay_fiction` and `conversational_reply` rows weigh 6',
    weight: (t) => (t === 'roleplay_fiction' || t === 'conversational_reply' ? 6 : 1),
  },
  { name: 'agent-heavy', description: '`agent:*` rows weigh 4', weight: (t) => (t.startsWith('agent:') ? 4 : 1) },
];

/** Source groups for cross-fitting a pooled correction: round-robin over sources by size. */
const GROUPS = 4;

export interface ShareErrors {
  /** How far the correction goes from the counted shares to the EM estimate (`chooseCorrectionWeight`). */
  weight: number;
  /** Per held-out source: raw TV, and corrected with the confusion of the other sources' LOSO rows. */
  bySource: { source: string; rows: number; raw: number; corrected: number }[];
  /**
   * Per mix of all LOSO rows: raw TV, and corrected group by group (each quarter of the sources with
   * the confusion of the other three quarters), the corrected group shares then pooled.
   */
  mixes: { name: string; description: string; tagShares: string; raw: number; corrected: number }[];
}

/** The quarter of the sources each source is corrected with, round-robin by size. */
function sourceGroups(loo: HeldOut[]): Map<string, number> {
  const groups = [...new Set(loo.map((r) => foldGroup(r.source)))].sort();
  const size = new Map(groups.map((g) => [g, loo.filter((r) => foldGroup(r.source) === g).length]));
  const quarter = new Map([...groups].sort((a, b) => size.get(b)! - size.get(a)! || a.localeCompare(b)).map((g, i) => [g, i % GROUPS]));
  return new Map([...new Set(loo.map((r) => r.source))].map((s) => [s, quarter.get(foldGroup(s))!]));
}

/** Raw and cross-fitted corrected TV of each mix, the correction taken `trust` of the way. */
function mixErrors(loo: HeldOut[], trust: number): ShareErrors['mixes'] {
  const group = sourceGroups(loo);
  return MIXES.map((mix) => {
    const weight = (r: HeldOut): number => mix.weight(MODEL_TAGS[r.truth]!);
    const w = loo.map(weight);
    const truth = sharesOf(
      loo.map((r) => r.truth),
      C,
      w,
    );
    const pred = sharesOf(
      loo.map((r) => r.predicted),
      C,
      w,
    );
    const corrected = new Float64Array(C);
    const total = w.reduce((a, b) => a + b, 0);
    for (let g = 0; g < GROUPS; g++) {
      const inG = loo.filter((r) => group.get(r.source) === g);
      const outG = loo.filter((r) => group.get(r.source) !== g);
      const wg = inG.map(weight);
      const share = wg.reduce((a, b) => a + b, 0) / total;
      const conf = confusionMatrix(
        outG.map((r) => r.truth),
        outG.map((r) => r.predicted),
        C,
      );
      const adj = correctShares(
        sharesOf(
          inG.map((r) => r.predicted),
          C,
          wg,
        ),
        conf,
        C,
        trust,
      );
      for (let c = 0; c < C; c++) corrected[c]! += share * adj[c]!;
    }
    const top = [...truth]
      .map((s, c) => [s, c] as const)
      .sort((a, b) => b[0] - a[0])
      .slice(0, 3);
    const tagShares = top.map(([s, c]) => `${MODEL_TAGS[c]} ${(100 * s).toFixed(0)}%`).join(', ');
    return {
      name: mix.name,
      description: mix.description,
      tagShares,
      raw: totalVariation(pred, truth),
      corrected: totalVariation(corrected, truth),
    };
  });
}

/**
 * How far to trust the held-out confusion: the weight, in tenths from 0 to 1, with the smallest mean
 * corrected TV over the traffic mixes (each cross-fitted by quarters of the sources). A model whose
 * errors differ most from source to source gets the least correction.
 */
export function chooseCorrectionWeight(loo: HeldOut[]): number {
  let best = 0;
  let bestError = Number.POSITIVE_INFINITY;
  for (let k = 0; k <= 10; k++) {
    const m = mixErrors(loo, k / 10);
    const error = m.reduce((a, x) => a + x.corrected, 0) / m.length;
    if (error < bestError - 1e-12) {
      best = k / 10;
      bestError = error;
    }
  }
  return best;
}

export function shareErrors(loo: HeldOut[], weight = chooseCorrectionWeight(loo)): ShareErrors {
  const sources = [...new Set(loo.map((r) => r.source))].sort();
  const bySource = sources.map((source) => {
    const rows = loo.filter((r) => r.source === source);
    return {
      source,
      rows: rows.length,
      ...shareError(
        rows,
        loo.filter((r) => foldGroup(r.source) !== foldGroup(source)),
        weight,
      ),
    };
  });
  return { weight, bySource, mixes: mixErrors(loo, weight) };
}

export interface SourceSplit {
  all: Report;
  leaveOneOut: Report;
  evalOnly: Report;
  /** Accuracy per held-out source, for finding the sources the model fails on. */
  bySource: { source: string; rows: number; accuracy: number }[];
  calibration: Calibration;
  shares: ShareErrors;
  evalOnlyShares: { source: string; rows: number; raw: number; corrected: number }[];
  confusion: number[][];
}

/** Everything eval reports about the source split, from the LOSO folds and the eval-only rows. */
export function sourceSplit(train: Featurized[], folds: Fold[], evalOnly: HeldOut[]): SourceSplit {
  const loo = foldRows(train, folds);
  const all = [...loo, ...evalOnly];
  const bySource = [...new Set(all.map((p) => p.source))].sort().map((source) => {
    const ps = all.filter((p) => p.source === source);
    return { source, rows: ps.length, accuracy: ps.filter((p) => p.truth === p.predicted).length / ps.length };
  });
  const shares = shareErrors(loo);
  const evalOnlyShares = [...new Set(evalOnly.map((r) => r.source))].sort().map((source) => {
    const rows = evalOnly.filter((r) => r.source === source);
    return { source, rows: rows.length, ...shareError(rows, loo, shares.weight) };
  });
  return {
    all: tagReport(all),
    leaveOneOut: tagReport(loo),
    evalOnly: tagReport(evalOnly),
    bySource,
    calibration: calibration(loo, evalOnly),
    shares,
    evalOnlyShares,
    confusion: confusionCounts(loo),
  };
}
