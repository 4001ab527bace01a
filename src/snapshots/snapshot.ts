/**
 * The snapshot service: the current response body, computed from the daily rollups and kept until
 * the window moves (a new UTC day), this server stores new events (at most once per
 * `minRecomputeMs`), or, on a store several servers share, the store's data version shows another
 * server wrote. That version is read at most once per
 * `versionCheckMs`, so a write through another server shows here within about that long (plus one
 * computation). Concurrent callers share one computation and one version check.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { computeShares } from '../shares/compute.ts';
import type { TaskClassificationResponse } from '../shares/types.ts';
import { trailingWindow } from '../shares/window.ts';
import { type WindowStore, windowRows } from './window-rows.ts';

export interface Snapshot {
  asOf: string;
  response: TaskClassificationResponse;
  /** The serialized response, encoded once: every request sends these bytes without re-encoding. */
  body: Buffer;
  /** A strong ETag of `body`. */
  etag: string;
}

export interface SnapshotOptions {
  store: WindowStore & { dataVersion?(): Promise<string> };
  topModels: number;
  /** The privacy threshold (TASKSHARE_MIN_USERS): see shares/privacy.ts. */
  minUsers?: number;
  /** Injected so tests can stand on a window edge. */
  now?: () => number;
  /** Told how long each computation took, for metrics. */
  onComputed?: (seconds: number) => void;
  /** How often the shared store's data version is read (default 1000 ms); unused without `dataVersion`. */
  versionCheckMs?: number;
  /**
   * The least time between two computations caused by this server's own writes (default 0: the next
   * read after a write recomputes). Under continuous ingest a server then recomputes at most once per
   * this interval, serving the previous snapshot meanwhile; set on shared stores, where other servers'
   * writes show only within `versionCheckMs` anyway.
   */
  minRecomputeMs?: number;
}

interface Cached {
  asOf: string;
  generation: number;
  /** The store's data version read before the rollups: the snapshot holds at least that data. */
  version: string | undefined;
  checkedAt: number;
  /** When its computation started (performance.now()). */
  startedAt: number;
  snapshot: Promise<Snapshot>;
}

export class SnapshotService {
  private generation = 0;
  private cached: Cached | undefined;
  private checking: Promise<Snapshot> | undefined;
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
    if (!c || c.asOf !== window.asOf) return this.recompute(window);
    if (c.generation !== this.generation) {
      // Written here since: recompute, unless the last computation is more recent than the interval.
      if (performance.now() - c.startedAt >= (this.options.minRecomputeMs ?? 0)) return this.recompute(window);
      return c.snapshot;
    }
    const dataVersion = this.options.store.dataVersion;
    if (!dataVersion || performance.now() - c.checkedAt < (this.options.versionCheckMs ?? 1_000)) return c.snapshot;
    // One version check at a time; callers meanwhile share its outcome.
    this.checking ??= dataVersion
      .call(this.options.store)
      .then((version) => {
        if (this.cached !== c) return this.cached?.snapshot ?? this.recompute(window); // a write here replaced it meanwhile
        if (version === c.version) {
          c.checkedAt = performance.now();
          return c.snapshot;
        }
        return this.recompute(window, version);
      })
      .finally(() => {
        this.checking = undefined;
      });
    return this.checking;
  }

  private recompute(window: ReturnType<typeof trailingWindow>, knownVersion?: string): Promise<Snapshot> {
    const checkedAt = performance.now();
    const entry: Cached = {
      asOf: window.asOf,
      generation: this.generation,
      version: knownVersion,
      checkedAt,
      startedAt: checkedAt,
      snapshot: undefined!,
    };
    entry.snapshot = (async () => {
      // The version is read before the rollups: a write committed in between shows at the next check.
      entry.version ??= await this.options.store.dataVersion?.();
      return this.compute(window.from, window.to, window.asOf, window.days);
    })();
    this.cached = entry;
    // A failed computation is not kept: the next request tries again.
    entry.snapshot.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return entry.snapshot;
  }

  private async compute(from: string, to: string, asOf: string, days: number): Promise<Snapshot> {
    const started = performance.now();
    // Cut to the top models per tag in the database: the work here stays small however many models
    // there are, so a computation never holds the event loop for long.
    const { rows } = await windowRows(this.options.store, from, to, this.options);
    const response = computeShares(rows, { asOf, windowDays: days, topModels: this.options.topModels });
    const body = Buffer.from(JSON.stringify(response));
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    this.options.onComputed?.((performance.now() - started) / 1000);
    return { asOf, response, body, etag };
  }
}
