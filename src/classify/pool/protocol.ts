/**
 * Messages between the classifier pool and its workers. Only transcripts go out and only
 * classifications come back: nothing else of a request crosses the thread boundary, and none of it is
 * ever logged.
 */
import type { Classification } from '../interface.ts';
import type { EncodedBatch } from './codec.ts';

/** What a worker is started with (`workerData`). */
export interface WorkerInit {
  threshold: number;
}

export type ToWorker =
  | { type: 'classify'; id: number; batch: EncodedBatch }
  /** Test hook: the worker throws an uncaught error, as a real crash would. */
  | { type: 'crash' };

export type FromWorker =
  | { type: 'ready'; version: string }
  /** One result per transcript of batch `id`, in the same order. */
  | { type: 'done'; id: number; results: Classification[] };
