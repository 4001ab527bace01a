/** The classifier pool the configuration asks for, or none (`classifierWorkers` 0, or auto on one core). */
import { availableParallelism } from 'node:os';
import type { Config } from '../../config/index.ts';
import { ClassifierPool, type PoolOptions } from './pool.ts';

/** More workers than this gain little: ingestion's own thread (parsing, the store) is the limit then. */
const AUTO_MAX = 4;

export function workerCount(setting: Config['classifierWorkers'], cores = availableParallelism()): number {
  return setting === 'auto' ? Math.min(AUTO_MAX, Math.max(0, cores - 1)) : setting;
}

export async function startClassifierPool(config: Config, onWorkerExit?: PoolOptions['onWorkerExit']): Promise<ClassifierPool | undefined> {
  const workers = workerCount(config.classifierWorkers);
  return workers === 0 ? undefined : ClassifierPool.start({ threshold: config.classifierThreshold, workers, onWorkerExit });
}
