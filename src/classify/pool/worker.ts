/**
 * A classifier pool worker: loads the built-in model once, then classifies batches of transcripts.
 * Started by pool.ts, from dist/ as plain JavaScript or from src/ through tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BuiltinClassifier } from '../builtin.ts';
import { decodeBatch } from './codec.ts';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.ts';

const port = parentPort!;
const classifier = new BuiltinClassifier({ threshold: (workerData as WorkerInit).threshold });
const send = (m: FromWorker) => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  if (m.type === 'crash') throw new Error('crash requested by the pool (test hook)');
  send({ type: 'done', id: m.id, results: decodeBatch(m.batch).map((t) => classifier.classifyTranscript(t)) });
});
send({ type: 'ready', version: classifier.version });
