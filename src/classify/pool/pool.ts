/**
 * The built-in classifier on worker threads, so that a large ingest uses every core and leaves the
 * event loop free for other requests. Transcripts are sent in batches (`codec.ts`; nothing else of
 * the request); each caller gets its own promise, so input order is the caller's to keep.
 *
 * The pool holds what it is given: the caller bounds the work in flight (ingestion keeps at most
 * twice `capacity` transcripts outstanding), and the pool keeps at most `batchesPerWorker` batches on
 * each worker, so a slow worker never holds more than its share.
 *
 * A worker that dies (crash, out of memory, killed) is replaced and its batches are sent again; a
 * transcript that was in flight on `maxAttempts` dead workers, or any work left when no worker can be
 * started, is classified on this thread instead. Nothing here rejects: every call gets an answer.
 *
 * @example
 * const pool = await ClassifierPool.start({ threshold: 0.35, workers: 2 });
 * await pool.classifyTranscript(transcript); // same answer as new BuiltinClassifier({ threshold: 0.35 })
 * await pool.close();
 */
import type { Worker } from 'node:worker_threads';
import { OTHER_TAG } from '../../taxonomy/index.ts';
import { BuiltinClassifier } from '../builtin.ts';
import type { Classification } from '../interface.ts';
import type { Transcript } from '../transcript.ts';
import { encodeBatch } from './codec.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { spawnWorker } from './spawn.ts';

export interface PoolOptions {
  threshold: number;
  /** Worker threads, at least 1 (0 means no pool: use BuiltinClassifier directly). */
  workers: number;
  /** Transcripts per message (default 32): fewer messages, still small enough to spread over workers. */
  batchSize?: number;
  /** Batches sent to one worker before it answers (default 2: one classifying, one waiting). */
  batchesPerWorker?: number;
  /** Dead workers a transcript may be in flight on before it is classified here (default 2). */
  maxAttempts?: number;
  /** Told when a worker dies or cannot be replaced (for a log line; carries no request content). */
  onWorkerExit?: (e: { worker: number; code: number; error?: string; replaced: boolean }) => void;
}

interface Job {
  t: Transcript;
  resolve: (c: Classification) => void;
  attempts: number;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  batches: Map<number, Job[]>;
}

/** Workers in a row that die before they are ready, after which the pool stops replacing them. */
const MAX_FAILED_STARTS = 3;

export class ClassifierPool {
  private modelVersion = '';
  /** While starting: workers not yet ready, and how to report the outcome. */
  private startup: { pending: number; resolve: () => void; reject: (err: Error) => void } | undefined;
  private readonly slots: Array<Slot | undefined> = [];
  private queue: Job[] = [];
  private flushScheduled = false;
  private nextId = 1;
  private failedStarts = 0;
  private closed = false;
  private local: BuiltinClassifier | undefined;
  /** Workers replaced after dying, since start. */
  restarts = 0;
  /** Transcripts sent again because their worker died. */
  retries = 0;

  private constructor(private readonly options: PoolOptions) {}

  /** Starts the workers and waits until each has loaded the model; rejects if one cannot start. */
  static async start(options: PoolOptions): Promise<ClassifierPool> {
    if (!(options.workers >= 1)) throw new Error('a classifier pool needs at least one worker');
    const pool = new ClassifierPool(options);
    const ready = new Promise<void>((resolve, reject) => {
      pool.startup = { pending: options.workers, resolve, reject };
    });
    for (let i = 0; i < options.workers; i++) pool.adopt(i, spawnWorker({ threshold: options.threshold }));
    try {
      await ready;
    } catch (err) {
      await pool.close();
      throw err;
    }
    pool.startup = undefined;
    return pool;
  }

  /** The built-in model's version, as the workers report it (the same as BuiltinClassifier's). */
  get version(): string {
    return this.modelVersion;
  }

  classifyTranscript(t: Transcript): Promise<Classification> {
    return new Promise((resolve) => {
      this.queue.push({ t, resolve, attempts: 0 });
      if (this.queue.length >= this.batchSize) this.dispatch();
      else if (!this.flushScheduled) {
        // Callers enqueue a run of transcripts before they wait: send them together.
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          this.dispatch();
        });
      }
    });
  }

  /** Transcripts the workers hold at once: a caller with twice this many in flight keeps them busy. */
  get capacity(): number {
    return this.options.workers * (this.options.batchesPerWorker ?? 2) * this.batchSize;
  }

  /** Transcripts sent to workers and not yet answered. */
  get inFlight(): number {
    let n = 0;
    for (const s of this.slots) if (s) for (const jobs of s.batches.values()) n += jobs.length;
    return n;
  }

  /** Workers alive now. */
  get liveWorkers(): number {
    return this.slots.filter((s) => s !== undefined).length;
  }

  /** Test hook: makes worker `i` crash with an uncaught error. */
  crashWorker(i: number): void {
    this.slots[i]?.worker.postMessage({ type: 'crash' } satisfies ToWorker);
  }

  /** Stops the workers; anything still queued or in flight is classified here, never dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const workers = this.slots.map((s) => s?.worker);
    const orphans = this.slots.flatMap((s) => (s ? [...s.batches.values()].flat() : []));
    this.slots.length = 0;
    await Promise.all(workers.map((w) => w?.terminate()));
    for (const j of [...orphans, ...this.takeQueue()]) j.resolve(this.classifyHere(j.t));
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 32;
  }

  private adopt(i: number, worker: Worker): void {
    const slot: Slot = { worker, ready: false, batches: new Map() };
    this.slots[i] = slot;
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    // An 'error' is always followed by 'exit'; listening keeps it from becoming an uncaught exception.
    // Only the error's class is kept: a message could, in principle, quote what was being classified.
    let error: string | undefined;
    worker.on('error', (err: Error) => {
      error = err.name;
    });
    worker.once('exit', (code) => this.onExit(i, slot, code, error));
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'ready') {
      slot.ready = true;
      this.failedStarts = 0;
      this.modelVersion = m.version;
      if (this.startup && --this.startup.pending === 0) this.startup.resolve();
    } else {
      const jobs = slot.batches.get(m.id);
      if (!jobs) return;
      slot.batches.delete(m.id);
      for (let k = 0; k < jobs.length; k++) jobs[k]!.resolve(m.results[k]!);
    }
    this.dispatch();
  }

  private onExit(i: number, slot: Slot, code: number, error: string | undefined): void {
    if (this.closed || this.slots[i] !== slot) return;
    this.slots[i] = undefined;
    if (this.startup) {
      this.startup.reject(new Error(`classifier worker ${i} exited with code ${code}${error ? ` (${error})` : ''} before it was ready`));
      return;
    }
    if (!slot.ready) this.failedStarts += 1;
    let replaced = false;
    if (this.failedStarts < MAX_FAILED_STARTS) {
      try {
        this.adopt(i, spawnWorker({ threshold: this.options.threshold }));
        this.restarts += 1;
        replaced = true;
      } catch {
        // No thread to be had (resources): the remaining workers, or this thread, do the work.
      }
    }
    this.options.onWorkerExit?.({ worker: i, code, error, replaced });
    // Its batches go back to the front of the queue, unless they have been unlucky too often.
    const retry: Job[] = [];
    for (const jobs of slot.batches.values()) {
      for (const j of jobs) {
        j.attempts += 1;
        if (j.attempts >= (this.options.maxAttempts ?? 2)) j.resolve(this.classifyHere(j.t));
        else retry.push(j);
      }
    }
    this.retries += retry.length;
    this.queue = retry.concat(this.queue);
    if (this.liveWorkers === 0) for (const j of this.takeQueue()) j.resolve(this.classifyHere(j.t));
    else this.dispatch();
  }

  /** Sends queued transcripts to the least busy ready workers, at most `batchesPerWorker` each. */
  private dispatch(): void {
    if (this.liveWorkers === 0) {
      for (const j of this.takeQueue()) j.resolve(this.classifyHere(j.t));
      return;
    }
    const limit = this.options.batchesPerWorker ?? 2;
    while (this.queue.length > 0) {
      let best: Slot | undefined;
      for (const s of this.slots) if (s?.ready && s.batches.size < limit && (!best || s.batches.size < best.batches.size)) best = s;
      if (!best) return;
      const jobs = this.queue.splice(0, this.batchSize);
      const id = this.nextId++;
      best.batches.set(id, jobs);
      best.worker.postMessage({ type: 'classify', id, batch: encodeBatch(jobs.map((j) => j.t)) } satisfies ToWorker);
    }
  }

  private takeQueue(): Job[] {
    const q = this.queue;
    this.queue = [];
    return q;
  }

  /** The fallback: the same model on this thread, loaded only if ever needed. */
  private classifyHere(t: Transcript): Classification {
    this.local ??= new BuiltinClassifier({ threshold: this.options.threshold });
    try {
      return this.local.classifyTranscript(t);
    } catch {
      return { tag: OTHER_TAG, confidence: 0, path: 'builtin' };
    }
  }
}
