/**
 * `npm run train`: train the built-in classifier on `<data>/train/*.jsonl` and write
 * `src/classify/model/{weights.bin,meta.json}`. Deterministic (no dates, seeded shuffle), so running it
 * twice gives identical files. Data path: `--data <dir>`, else TASKSHARE_DATA_PATH, else ../shared/data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataPath, loadRows } from '../src/classify/train/data.ts';
import { DEFAULT_PIPELINE, featurize, predict, trainModel } from '../src/classify/train/pipeline.ts';
import { decodeModel, encodeModel, MODEL_DIR } from '../src/classify/weights.ts';

const flag = process.argv.indexOf('--data');
const dataPath = flag >= 0 && process.argv[flag + 1] ? process.argv[flag + 1]! : defaultDataPath();
const started = Date.now();
const rows = loadRows(join(dataPath, 'train'));
const data = featurize(rows);
const model = trainModel(data, DEFAULT_PIPELINE);

const perTag: Record<string, number> = {};
for (const r of rows) perTag[r.tag] = (perTag[r.tag] ?? 0) + 1;
const { bin, meta } = encodeModel(model, {
  rows: rows.length,
  sources: new Set(rows.map((r) => r.source)).size,
  rowsPerTag: Object.fromEntries(Object.entries(perTag).sort()),
  features: 1 << model.bits,
  options: DEFAULT_PIPELINE,
});

// The int8 model must choose the same tags as the float one it came from.
const quantized = decodeModel(bin, meta);
const agree = data.filter((f) => predict(model, f) === predict(quantized, f)).length;

const dir = fileURLToPath(MODEL_DIR);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'weights.bin'), bin);
writeFileSync(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
console.log(`trained on ${rows.length} rows in ${((Date.now() - started) / 1000).toFixed(1)}s; version builtin-${meta.sha8}`);
console.log(`weights.bin ${(bin.length / 1e6).toFixed(2)} MB; int8 agrees with float on ${((100 * agree) / data.length).toFixed(2)}% of rows`);
