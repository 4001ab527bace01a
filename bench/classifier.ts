/**
 * Throughput of the built-in classifier on one core: `classifySync` over every row of ../shared/data
 * (train and eval-only). JSON is parsed before timing; the timed loop is parse-request + features +
 * model, what ingestion pays per event. Prints nothing; `npm run bench` reports the result.
 */
import { join } from 'node:path';
import { BuiltinClassifier } from '../src/classify/builtin.ts';
import { defaultDataPath, loadRows } from '../src/classify/train/data.ts';

export async function benchClassifier(dataPath: string = defaultDataPath()): Promise<{ rowsPerSec: number; rows: number }> {
  const bodies = [...loadRows(join(dataPath, 'train')), ...loadRows(join(dataPath, 'eval-only'))].map((r) => r.request);
  const c = new BuiltinClassifier({ threshold: 0.35 });
  for (let i = 0; i < Math.min(2000, bodies.length); i++) c.classifySync(bodies[i]!); // warm up the JIT
  let sink = 0;
  const start = process.hrtime.bigint();
  for (const b of bodies) sink += c.classifySync(b).confidence;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the loop from being optimized away');
  return { rowsPerSec: Math.round(bodies.length / seconds), rows: bodies.length };
}
