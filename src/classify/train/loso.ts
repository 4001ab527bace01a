/**
 * Leave-one-source-out folds: for each train source, a model trained on all other sources (but those of
 * its repository, `FOLD_GROUPS`) scores that source's rows (of tags that have rows from two or more
 * sources). The folds run on this thread and on at most one worker thread (the machine is shared), each
 * featurizing the data once for all its folds.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CUE_GROUPS, type CueGroup } from '../features.ts';
import { type Featurized, MODEL_TAGS, type PipelineOptions, rowLogits, trainModel } from './pipeline.ts';

/** The held-out logits of one fold: `logits[i * C + c]` for the train row at `rows[i]`. */
export interface Fold {
  source: string;
  rows: number[];
  logits: Float32Array;
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

/**
 * Sources that come from one repository and share its wrapper: a source's fold holds out its whole
 * group, or the sibling left in training would teach the model the held-out rows' template (the data's
 * notes ask for this: PlexPt's finance questions and its knowledge questions are one prompt collection).
 */
const FOLD_GROUPS: Record<string, string> = {
  'awesome-chatgpt-prompts-zh-finance': 'awesome-chatgpt-prompts-zh',
};
export const foldGroup = (source: string): string => FOLD_GROUPS[source] ?? source;

export function runFold(train: Featurized[], source: string, tags: Set<string>, opts: PipelineOptions): Fold {
  const rows: number[] = [];
  train.forEach((f, i) => {
    if (f.row.source === source && tags.has(f.row.tag)) rows.push(i);
  });
  const C = MODEL_TAGS.length;
  const logits = new Float32Array(rows.length * C);
  if (rows.length === 0) return { source, rows, logits };
  const group = foldGroup(source);
  const model = trainModel(
    train.filter((f) => foldGroup(f.row.source) !== group),
    opts,
  );
  const s = new Float64Array(C);
  rows.forEach((r, i) => {
    rowLogits(model, train[r]!, s);
    logits.set(s, i * C);
  });
  return { source, rows, logits };
}

/** What a worker needs to rebuild the same featurized rows. */
export interface WorkerJob {
  dataPath: string;
  opts: PipelineOptions;
  sources: string[];
  cueOff: CueGroup[];
}

export function applyCueOff(off: CueGroup[]): void {
  for (const g of Object.keys(CUE_GROUPS) as CueGroup[]) CUE_GROUPS[g] = !off.includes(g);
}

/**
 * Folds for `sources` (all train sources by default), in source order. With `dataPath`, half of them
 * run on one worker thread. `cueOff` must be the groups already applied to `train`'s features.
 */
export async function looFolds(
  train: Featurized[],
  opts: PipelineOptions,
  o: { sources?: string[]; dataPath?: string; cueOff?: CueGroup[]; log?: (s: string) => void; onFold?: (f: Fold) => void } = {},
): Promise<Fold[]> {
  const tags = multiSourceTags(train);
  const sources = o.sources ?? [...new Set(train.map((f) => f.row.source))].sort();
  const mine = o.dataPath ? sources.filter((_, i) => i % 2 === 0) : sources;
  const theirs = o.dataPath ? sources.filter((_, i) => i % 2 === 1) : [];
  const folds: Fold[] = [];
  const worker =
    theirs.length > 0
      ? new Promise<void>((resolve, reject) => {
          const job: WorkerJob = { dataPath: o.dataPath!, opts, sources: theirs, cueOff: o.cueOff ?? [] };
          // The worker is TypeScript too: it registers tsx itself (Node 20 does not pass `--import tsx` hooks on to workers).
          const entry = new URL('./loso-worker.ts', import.meta.url).href;
          const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`;
          const w = new Worker(boot, { eval: true, workerData: job });
          w.on('message', (f: Fold) => {
            folds.push(f);
            o.onFold?.(f);
            o.log?.(`  held out ${f.source}: ${f.rows.length} rows (worker)`);
          });
          w.on('error', reject);
          w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`LOSO worker exited with ${code}`))));
        })
      : Promise.resolve();
  for (const source of mine) {
    folds.push(runFold(train, source, tags, opts));
    o.onFold?.(folds[folds.length - 1]!);
    o.log?.(`  held out ${source}: ${folds[folds.length - 1]!.rows.length} rows`);
    // Let the worker's messages in between folds.
    await new Promise((r) => setImmediate(r));
  }
  await worker;
  return folds.sort((a, b) => a.source.localeCompare(b.source));
}

/**
 * A fingerprint of everything a fold depends on but its source: the classifier's code (features, cues,
 * trainer), the options, the cue groups off and the data files (names, sizes, times).
 */
function foldKey(opts: PipelineOptions, cueOff: CueGroup[], dataPath: string): string {
  const h = createHash('sha256').update(JSON.stringify({ opts, cueOff }));
  const code = fileURLToPath(new URL('../', import.meta.url));
  for (const dir of [code, join(code, 'train')]) {
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))
      .sort())
      h.update(name).update(readFileSync(join(dir, name)));
  }
  const train = join(dataPath, 'train');
  for (const name of readdirSync(train).sort()) {
    const st = statSync(join(train, name));
    h.update(`${name}:${st.size}:${st.mtimeMs}`);
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * `looFolds`, each fold cached in the OS temp directory under that fingerprint and its source:
 * `npm run train` needs the same folds as `npm run eval` (to fit the calibration and store the
 * confusion), the ablation reuses some, and each takes a model's training.
 */
export async function cachedLooFolds(
  train: Featurized[],
  opts: PipelineOptions,
  o: { sources?: string[]; dataPath: string; cueOff?: CueGroup[]; log?: (s: string) => void },
): Promise<Fold[]> {
  const sources = o.sources ?? [...new Set(train.map((f) => f.row.source))].sort();
  const dir = join(tmpdir(), 'taskshare-loso', foldKey(opts, o.cueOff ?? [], o.dataPath));
  const file = (source: string): string => join(dir, `${source.replace(/[^\w.-]/g, '_')}.json`);
  const cached: Fold[] = [];
  const missing: string[] = [];
  for (const source of sources) {
    try {
      const f = JSON.parse(readFileSync(file(source), 'utf8')) as { source: string; rows: number[]; logits: string };
      // A copy: a decoded Buffer may sit at an offset a Float32Array cannot start at.
      const b = Uint8Array.from(Buffer.from(f.logits, 'base64'));
      cached.push({ source: f.source, rows: f.rows, logits: new Float32Array(b.buffer) });
    } catch {
      missing.push(source);
    }
  }
  if (cached.length > 0) o.log?.(`  ${cached.length} LOSO folds from ${dir}`);
  mkdirSync(dir, { recursive: true });
  // Each fold is written as soon as it is done, so an interrupted run loses only the folds in progress.
  const save = (f: Fold): void => {
    const logits = Buffer.from(f.logits.buffer, f.logits.byteOffset, f.logits.byteLength).toString('base64');
    writeFileSync(file(f.source), JSON.stringify({ source: f.source, rows: f.rows, logits }));
  };
  const fresh = missing.length > 0 ? await looFolds(train, opts, { ...o, sources: missing, onFold: save }) : [];
  return [...cached, ...fresh].sort((a, b) => a.source.localeCompare(b.source));
}
