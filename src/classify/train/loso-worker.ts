/** The worker half of `looFolds`: featurizes the train rows itself and posts one message per fold. */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { loadRows } from './data.ts';
import { applyCueOff, multiSourceTags, runFold, type WorkerJob } from './loso.ts';
import { featurize } from './pipeline.ts';

const job = workerData as WorkerJob;
applyCueOff(job.cueOff);
const train = featurize(loadRows(join(job.dataPath, 'train')));
const tags = multiSourceTags(train);
for (const source of job.sources) {
  const f = runFold(train, source, tags, job.opts);
  parentPort!.postMessage(f, [f.logits.buffer as ArrayBuffer]);
}
