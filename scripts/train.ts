/**
 * `npm run train`: train the built-in classifier on `<data>/train/*.jsonl` and write
 * `src/classify/model/{weights.bin,meta.json}`. Deterministic (no dates, seeded shuffle), so running it
 * twice gives identical files. The confidence temperature and the confusion matrix come from the
 * leave-one-source-out folds, which take minutes (one model per source, on this thread and one worker)
 * unless `npm run eval` just computed them (they are cached in the OS temp directory).
 * Data path: `--data <dir>`, else TASKSHARE_DATA_PATH, else ../shared/data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataPath, loadRows, missingDataReason } from '../src/classify/train/data.ts';
import { calibration, chooseCorrectionWeight, confusionCounts, foldRows } from '../src/classify/train/evaluate.ts';
import { cachedLooFolds } from '../src/classify/train/loso.ts';
import { DEFAULT_PIPELINE, featurize, predict, trainModel } from '../src/classify/train/pipeline.ts';
import { decodeModel, encodeModel, MODEL_DIR } from '../src/classify/weights.ts';

const flag = process.argv.indexOf('--data');
const dataPath = flag >= 0 && process.argv[flag + 1] ? process.argv[flag + 1]! : defaultDataPath();
const started = Date.now();
const noData = missingDataReason(dataPath);
if (noData) {
  console.error(noData);
  process.exit(1);
}
const rows = loadRows(join(dataPath, 'train'));
const data = featurize(rows);
const folds = await cachedLooFolds(data, DEFAULT_PIPELINE, { dataPath, log: (s) => void process.stderr.write(`${s}\n`) });
const loso = foldRows(data, folds);
// The same calibration eval reports (docs/classifier-eval.md), fitted on the LOSO logits.
const cal = calibration(loso, []);
const model = { ...trainModel(data, DEFAULT_PIPELINE), temperature: cal.temperature, isotonic: cal.useIsotonic ? cal.isotonic : undefined };

const perTag: Record<string, number> = {};
for (const r of rows) perTag[r.tag] = (perTag[r.tag] ?? 0) + 1;
const { bin, meta } = encodeModel(
  model,
  {
    rows: rows.length,
    sources: new Set(rows.map((r) => r.source)).size,
    rowsPerTag: Object.fromEntries(Object.entries(perTag).sort()),
    features: 1 << model.bits,
    options: DEFAULT_PIPELINE,
    losoRows: loso.length,
  },
  { confusion: confusionCounts(loso), weight: chooseCorrectionWeight(loso) },
);

// The int8 model must choose the same tags as the float one it came from.
const quantized = decodeModel(bin, meta);
const agree = data.filter((f) => predict(model, f) === predict(quantized, f)).length;

const dir = fileURLToPath(MODEL_DIR);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'weights.bin'), bin);
// The confusion matrix one row per line: readable, and a diff shows which tags moved.
const json = JSON.stringify(meta, null, 1).replace(/\[\s+((?:\d+,\s+)*\d+)\s+\]/g, (_, xs: string) => `[${xs.replace(/\s+/g, '')}]`);
writeFileSync(join(dir, 'meta.json'), `${json}\n`);
console.log(
  `trained on ${rows.length} rows in ${((Date.now() - started) / 1000).toFixed(1)}s; version builtin-${meta.sha8}; temperature ` +
    `${model.temperature}`,
);
console.log(
  `weights.bin ${(bin.length / 1e6).toFixed(2)} MB; int8 agrees with float on ${((100 * agree) / data.length).toFixed(2)}% of rows`,
);
