/**
 * The two held-out evaluations of the built-in model:
 * - hash split: 80/20 by a hash of the row id (how well the model fits sources it has seen);
 * - source split: leave one source out (train without it, test on its rows of tags that have rows from
 *   two or more sources), plus the eval-only sources against a model trained on all of train. This is
 *   the number that predicts real traffic, whose wording and templates are not those of train/.
 */
import { idFraction } from './data.ts';
import { report, type Report } from './metrics.ts';
import { predict, trainModel, type Featurized, type PipelineOptions } from './pipeline.ts';

type Pair = { truth: string; predicted: string; source: string };

/** Fraction of rows held out by the hash split. */
export const HASH_TEST_FRACTION = 0.2;

export function hashSplit(data: Featurized[], opts: PipelineOptions): Report {
  const test = data.filter((f) => idFraction(f.row.id) < HASH_TEST_FRACTION && f.row.tag !== 'other');
  const model = trainModel(data.filter((f) => idFraction(f.row.id) >= HASH_TEST_FRACTION), opts);
  return report(test.map((f) => ({ truth: f.row.tag, predicted: predict(model, f) })));
}

/** Tags with rows from at least two sources of `data`. */
export function multiSourceTags(data: Featurized[]): Set<string> {
  const sources = new Map<string, Set<string>>();
  for (const f of data) {
    if (!sources.has(f.row.tag)) sources.set(f.row.tag, new Set());
    sources.get(f.row.tag)!.add(f.row.source);
  }
  return new Set([...sources].filter(([tag, s]) => s.size >= 2 && tag !== 'other').map(([tag]) => tag));
}

export interface SourceSplit {
  /** Every held-out prediction pooled: leave-one-source-out and eval-only. */
  all: Report;
  leaveOneOut: Report;
  evalOnly: Report;
  /** Macro-F1 and rows per held-out source, for finding the sources the model fails on. */
  bySource: { source: string; rows: number; accuracy: number }[];
}

export function sourceSplit(train: Featurized[], evalOnly: Featurized[], opts: PipelineOptions, log?: (s: string) => void): SourceSplit {
  const tags = multiSourceTags(train);
  const sources = [...new Set(train.map((f) => f.row.source))].sort();
  const loo: Pair[] = [];
  for (const source of sources) {
    const test = train.filter((f) => f.row.source === source && tags.has(f.row.tag));
    if (test.length === 0) continue;
    const model = trainModel(train.filter((f) => f.row.source !== source), opts);
    for (const f of test) loo.push({ truth: f.row.tag, predicted: predict(model, f), source });
    log?.(`  held out ${source}: ${test.length} rows`);
  }
  const full = trainModel(train, opts);
  const outside: Pair[] = evalOnly.map((f) => ({ truth: f.row.tag, predicted: predict(full, f), source: f.row.source }));
  const all = [...loo, ...outside];
  const bySource = [...new Set(all.map((p) => p.source))].sort().map((source) => {
    const ps = all.filter((p) => p.source === source);
    return { source, rows: ps.length, accuracy: ps.filter((p) => p.truth === p.predicted).length / ps.length };
  });
  return { all: report(all), leaveOneOut: report(loo), evalOnly: report(outside), bySource };
}
