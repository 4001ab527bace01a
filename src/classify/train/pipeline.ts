/**
 * Rows → examples → a trained `LinearModel`. train.ts and eval.ts both go through here, so the numbers
 * in docs/classifier-eval.md describe exactly the procedure that produced the committed weights.
 */
import { TAG_IDS } from '../../taxonomy/index.ts';
import { cueScore, extractFeatures, newFeatureBuffer } from '../features.ts';
import { LEX_TAGS } from '../lexicon.ts';
import type { LinearModel } from '../model.ts';
import { parseRequest } from '../transcript.ts';
import type { Row } from './data.ts';
import { DEFAULT_TRAIN, type Example, type TrainOptions, train } from './trainer.ts';

export interface PipelineOptions extends TrainOptions {
  /**
   * Fixed logit per unit of cue evidence while training (the weights learn around it). 4 rather than 1:
   * the weights then correct the cues where a seen template contradicts them, +2 points on the hash
   * split at no cost on the source split.
   */
  lexPrior: number;
  /**
   * The same prior at inference, stronger: the learned weights are confident on the templates they saw
   * and the cues are what carries over to unseen sources. Lowering it to 4 buys 1 hash point for 7
   * source points (measured on the eval-only sources).
   */
  inferenceLexPrior: number;
  /** A row weighs n^-exponent where n is the size of its (source, tag) group. */
  groupExponent: number;
  /**
   * Then each tag's total weight W becomes W^(1 - classExponent): thin tags (devops, repo_scan) get a
   * bias a held-out source can reach instead of one the big tags drown out. 0.3 rather than 0.5: at 0.5
   * the thin tags' few rows weigh so much that their sources' wrappers are learned as those tags (false
   * data:extraction and data:transformation on short instruction + input prompts); +0.8 hash points.
   */
  classExponent: number;
  /**
   * A feature (a masked hash index) is learned only when rows of at least this many training sources
   * have it: a word only one source uses names that source's template, not a task.
   */
  minSources: number;
}

/**
 * Chosen on the leave-one-source-out split, exploring on a quarter of its folds (`npm run eval -- --quick`,
 * macro-F1 / accuracy): from the former options (64.2 / 69.0 at 3 epochs), group exponent 0.8 rather
 * than 0.5 (a big source's template weighs less) with l2 3e-3 rather than 1e-4 (68.1 / 75.4; 1e-3 and
 * 1e-2 did worse), and an inference cue prior of 12 rather than 8 (68.8 / 76.7, share error 0.186 to
 * 0.177; 16 gave 69.5 / 77.9 but a worse-calibrated confidence, held-out ECE 0.065). 3 epochs rather
 * than 6: -0.8 macro-F1 at the former options, half the training time, which LOSO pays 52 times.
 * Learning only features of >= 2 sources (`minSources`) did not help (68.4 / 76.4).
 */
export const DEFAULT_PIPELINE: PipelineOptions = {
  ...DEFAULT_TRAIN,
  epochs: 3,
  l2: 3e-3,
  lexPrior: 4,
  inferenceLexPrior: 12,
  groupExponent: 0.8,
  classExponent: 0.3,
  minSources: 1,
};

/** Model classes: the 30 tags. `other` is what the threshold yields, not something learned. */
export const MODEL_TAGS: string[] = [...TAG_IDS];
const LEX_INDEX = Int32Array.from(MODEL_TAGS.map((t) => LEX_TAGS.indexOf(t)));

/** A row's features, computed once and reused by every model of an evaluation. */
export interface Featurized {
  row: Row;
  hashes: Uint32Array;
  values: Float32Array;
  /** Fixed-prior evidence per model tag (`cueScore`). */
  lex: Float32Array;
}

export function featurize(rows: Row[]): Featurized[] {
  const buf = newFeatureBuffer();
  const out: Featurized[] = [];
  for (const row of rows) {
    const parsed = parseRequest(row.request);
    if (!parsed.ok) throw new Error(`row ${row.id}: ${parsed.reason}`);
    extractFeatures(parsed.transcript, buf);
    const lex = new Float32Array(MODEL_TAGS.length);
    for (let c = 0; c < lex.length; c++) {
      const li = LEX_INDEX[c]!;
      lex[c] = li >= 0 ? cueScore(buf, li) : 0;
    }
    out.push({ row, hashes: buf.hashes.slice(0, buf.count), values: buf.values.slice(0, buf.count), lex });
  }
  return out;
}

/** Sample weights: (source, tag) groups of n rows weigh n^-e each, then class balancing; mean 1. */
export function groupWeights(rows: Row[], exponent: number, classExponent = 0): number[] {
  const size = new Map<string, number>();
  for (const r of rows) size.set(`${r.source}\u0000${r.tag}`, (size.get(`${r.source}\u0000${r.tag}`) ?? 0) + 1);
  const group = rows.map((r) => size.get(`${r.source}\u0000${r.tag}`)! ** -exponent);
  const total = new Map<string, number>();
  rows.forEach((r, i) => {
    total.set(r.tag, (total.get(r.tag) ?? 0) + group[i]!);
  });
  const raw = rows.map((r, i) => group[i]! * total.get(r.tag)! ** -classExponent);
  const mean = raw.reduce((a, b) => a + b, 0) / Math.max(1, raw.length);
  return raw.map((w) => w / mean);
}

/** Merge duplicate indexes after masking, which also makes the optimizer's rows shorter. */
function toExample(f: Featurized, bits: number, lexPrior: number, y: number, w: number, keep?: Set<number>): Example {
  const mask = (1 << bits) - 1;
  const acc = new Map<number, number>();
  for (let k = 0; k < f.hashes.length; k++) {
    if (keep !== undefined && !keep.has(f.hashes[k]!)) continue;
    const i = f.hashes[k]! & mask;
    acc.set(i, (acc.get(i) ?? 0) + f.values[k]!);
  }
  const idx = Int32Array.from(acc.keys());
  const val = Float32Array.from(acc.values());
  const prior = f.lex.map((v) => v * lexPrior);
  return { idx, val, prior, y, w };
}

/**
 * The raw feature hashes that rows of at least `k` sources have. Raw rather than masked: after masking,
 * collisions would make nearly every index look shared.
 */
export function sharedFeatures(data: Featurized[], k: number): Set<number> {
  // Per raw hash: sources counted * 1024 + the id of the last source seen (rows come grouped by source).
  const seen = new Map<number, number>();
  const ids = new Map<string, number>();
  for (const f of data) {
    let s = ids.get(f.row.source);
    if (s === undefined) ids.set(f.row.source, (s = ids.size));
    for (let j = 0; j < f.hashes.length; j++) {
      const h = f.hashes[j]!;
      const v = seen.get(h);
      if (v === undefined) seen.set(h, 1024 + s);
      else if (v % 1024 !== s) seen.set(h, (Math.floor(v / 1024) + 1) * 1024 + s);
    }
  }
  const keep = new Set<number>();
  for (const [h, v] of seen) if (v >= k * 1024) keep.add(h);
  return keep;
}

/** Train on featurized rows (rows whose tag is not a model class, i.e. `other`, are skipped). */
export function trainModel(data: Featurized[], opts: PipelineOptions = DEFAULT_PIPELINE): LinearModel {
  const usable = data.filter((f) => MODEL_TAGS.includes(f.row.tag));
  const weights = groupWeights(
    usable.map((f) => f.row),
    opts.groupExponent,
    opts.classExponent,
  );
  const keep = opts.minSources > 1 ? sharedFeatures(usable, opts.minSources) : undefined;
  const examples = usable.map((f, i) => toExample(f, opts.bits, opts.lexPrior, MODEL_TAGS.indexOf(f.row.tag), weights[i]!, keep));
  const { weights: W, bias } = train(examples, MODEL_TAGS, opts);
  return { tags: MODEL_TAGS, bits: opts.bits, weights: W, bias, lexPrior: opts.inferenceLexPrior, lexIndex: LEX_INDEX };
}

/** The model's best tag for a featurized row (no threshold: eval measures the tag choice itself). */
export function predict(m: LinearModel, f: Featurized, scores: Float64Array = new Float64Array(m.tags.length)): string {
  return m.tags[rowLogits(m, f, scores)]!;
}

/** The logits of a featurized row into `scores` (before temperature); returns the best index. */
export function rowLogits(m: LinearModel, f: Featurized, scores: Float64Array): number {
  const C = m.tags.length;
  const mask = (1 << m.bits) - 1;
  for (let c = 0; c < C; c++) scores[c] = m.bias[c]! + m.lexPrior * f.lex[c]!;
  for (let k = 0; k < f.hashes.length; k++) {
    const base = (f.hashes[k]! & mask) * C;
    const v = f.values[k]!;
    for (let c = 0; c < C; c++) scores[c] = scores[c]! + v * m.weights[base + c]!;
  }
  let best = 0;
  for (let c = 1; c < C; c++) if (scores[c]! > scores[best]!) best = c;
  return best;
}
