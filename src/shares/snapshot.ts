/**
 * The snapshot service: the current response body, computed from the daily rollups and kept until
 * either the window moves (a new UTC day) or new events are stored. Concurrent callers share one
 * computation.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EventStore } from '../store/interface.ts';
import { computeShares } from './compute.ts';
import type { TaskClassificationResponse } from './types.ts';
import { trailingWindow } from './window.ts';

export interface Snapshot {
  asOf: string;
  response: TaskClassificationResponse;
  /** The serialized response, encoded once: every request sends these bytes without re-encoding. */
  body: Buffer;
  /** A strong ETag of `body`. */
  etag: string;
}

export interface SnapshotOptions {
  store: Pick<EventStore, 'rollups'>;
  topModels: number;
  /** Injected so tests can stand on a window edge. */
  now?: () => number;
  /** Told how long each computation took, for metrics. */
  onComputed?: (seconds: number) => void;
}

export class SnapshotService {
  private generation = 0;
  private cached: { asOf: string; generation: number; snapshot: Promise<Snapshot> } | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SnapshotOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Called after every committed write, so the next read recomputes. */
  invalidate(): void {
    this.generation += 1;
  }

  current(): Promise<Snapshot> {
    const window = trailingWindow(this.now());
    const c = this.cached;
    if (c && c.asOf === window.asOf && c.generation === this.generation) return c.snapshot;
    const snapshot = this.compute(window.from, window.to, window.asOf, window.days);
    this.cached = { asOf: window.asOf, generation: this.generation, snapshot };
    // A failed computation is not kept: the next request tries again.
    snapshot.catch(() => { if (this.cached?.snapshot === snapshot) this.cached = undefined; });
    return snapshot;
  }

  private async compute(from: string, to: string, asOf: string, days: number): Promise<Snapshot> {
    const started = performance.now();
    const rows = await this.options.store.rollups(from, to);
    const response = computeShares(rows, { asOf, windowDays: days, topModels: this.options.topModels });
    const body = Buffer.from(JSON.stringify(response));
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    this.options.onComputed?.((performance.now() - started) / 1000);
    return { asOf, response, body, etag };
  }
}
