/**
 * Throughput of the built-in classifier on one core: `classifySync` over every row of ../shared/data
 * (train and eval-only). JSON is parsed before timing; the timed loop is parse-request + features +
 * model, what ingestion pays per event. Prints nothing; `npm run bench` reports the result.
 */
import { join } from 'node:path';
import { BuiltinClassifier } from '../src/classify/builtin.ts';
import { defaultDataPath, loadRows } from '../src/classify/train/data.ts';

export async function benchClassifier(
  dataPath: string = defaultDataPath(),
): Promise<{ rowsPerSec: number; rowsPerCpuSecond: number; rows: number }> {
  const bodies = [...loadRows(join(dataPath, 'train')), ...loadRows(join(dataPath, 'eval-only'))].map((r) => r.request);
  const c = new BuiltinClassifier({ threshold: 0.35 });
  let sink = 0;
  for (const b of bodies) sink += c.classifySync(b).confidence; // one untimed pass: the JIT settles
  const passes = 2;
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let p = 0; p < passes; p++) for (const b of bodies) sink += c.classifySync(b).confidence;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  // CPU time as well: on a shared machine the wall clock also counts time other processes had the core.
  const cpuSeconds = (used.user + used.system) / 1e6;
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the loop from being optimized away');
  return {
    rowsPerSec: Math.round((passes * bodies.length) / seconds),
    rowsPerCpuSecond: Math.round((passes * bodies.length) / cpuSeconds),
    rows: bodies.length,
  };
}
