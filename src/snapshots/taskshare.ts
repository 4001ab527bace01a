/**
 * The query plumbing of taskshare's own read API: which rollups each answer needs, read from the store
 * and handed to the pure arithmetic in shares/. Computed per request: these answers vary by window,
 * date and app, and each is a few grouped queries over the daily rollups.
 */

import { computeShares } from '../shares/compute.ts';
import { correctedUsageShares, type ShareCorrection } from '../shares/correction.ts';
import { tokenShareIntervals, usageShareIntervals, zFor } from '../shares/interval.ts';
import { foldBelowMinUsers } from '../shares/privacy.ts';
import {
  type HistoryPoint,
  historyEnds,
  shareHistory,
  spendShares,
  type TaskshareResponse,
  windowSpans,
  withPrevious,
} from '../shares/taskshare.ts';
import type { RollupRow } from '../shares/types.ts';
import type { EventStore, RollupFilter } from '../store/interface.ts';
import { OTHER_TAG } from '../taxonomy/index.ts';
import { windowRows } from './window-rows.ts';

export interface TaskshareOptions {
  store: Pick<EventStore, 'topRollups' | 'rollups' | 'tagDailyRollups' | 'userCounts' | 'apps' | 'classifierVersions'>;
  topModels: number;
  sampleRate: number;
  /** Of the share intervals (default 0.95). */
  confidenceLevel?: number;
  /** TASKSHARE_MIN_USERS (undefined or 0: off). */
  minUsers?: number;
  /** The built-in model's known error; tags from that version alone get estimated_usage_share. */
  correction?: ShareCorrection;
}

export interface HistoryResponse {
  data: {
    window_days: number;
    step_days: number;
    from: string;
    to: string;
    app: string | null;
    sample_rate: number;
    points: HistoryPoint[];
  };
}

const requestsByTag = (rows: Iterable<RollupRow>) => {
  const out = new Map<string, number>();
  for (const r of rows) if (r.tag !== OTHER_TAG) out.set(r.tag, (out.get(r.tag) ?? 0) + r.requests);
  return out;
};

/** Corrected shares already computed, by their inputs: the bootstrap takes tens of milliseconds. */
const CORRECTION_CACHE_SIZE = 128;

export class TaskshareService {
  private readonly corrections = new Map<string, ReturnType<typeof correctedUsageShares>>();

  constructor(private readonly options: TaskshareOptions) {}

  /** The same inputs give the same numbers (the bootstrap is seeded), so a repeated read reuses them. */
  private corrected(rows: Iterable<RollupRow>, correction: ShareCorrection, rate: number, level: number) {
    const counts = requestsByTag(rows);
    const key = JSON.stringify([correction.version, rate, level, ...[...counts].sort(([a], [b]) => (a < b ? -1 : 1))]);
    if (this.corrections.has(key)) return this.corrections.get(key);
    const value = correctedUsageShares(counts, correction, rate, level);
    if (this.corrections.size >= CORRECTION_CACHE_SIZE) this.corrections.delete(this.corrections.keys().next().value!);
    this.corrections.set(key, value);
    return value;
  }

  async classifications(asOf: string, windowDays: number, app?: string): Promise<TaskshareResponse> {
    const { store, topModels, sampleRate, confidenceLevel = 0.95, correction } = this.options;
    const spans = windowSpans(asOf, windowDays);
    const filter: RollupFilter | undefined = app === undefined ? undefined : { app };
    const read = { topModels, minUsers: this.options.minUsers, filter };
    const [current, previous, apps, classifierVersions] = await Promise.all([
      windowRows(store, spans.current.from, spans.current.to, read),
      windowRows(store, spans.previous.from, spans.previous.to, read),
      store.apps(spans.current.from, spans.current.to),
      store.classifierVersions(spans.current.from, spans.current.to),
    ]);
    const options = { windowDays, topModels };
    const z = zFor(confidenceLevel);
    // The correction is of one classifier's error: a window tagged by others (or upstream) is left as it is.
    const correctable = correction !== undefined && classifierVersions.length === 1 && classifierVersions[0] === correction.version;
    return withPrevious(
      computeShares(current.rows, { ...options, asOf }),
      computeShares(previous.rows, { ...options, asOf: spans.previous.to }),
      {
        spans,
        sampleRate,
        confidenceLevel,
        intervals: usageShareIntervals(current.rows, z, sampleRate),
        tokenIntervals: tokenShareIntervals(current.rows, z, sampleRate),
        spend: spendShares(current.rows),
        estimated: correctable ? this.corrected(current.rows, correction, sampleRate, confidenceLevel) : undefined,
        app: app ?? null,
        apps,
        classifierVersions,
        privacy: current.privacy,
      },
    );
  }

  /** `from`..`to` are window ends; one query reads every day any of their windows covers. */
  async history(from: string, to: string, stepDays: number, windowDays: number, app?: string): Promise<HistoryResponse> {
    const { store, minUsers } = this.options;
    const filter: RollupFilter | undefined = app === undefined ? undefined : { app };
    const ends = historyEnds(from, to, stepDays);
    const first = ends.length > 0 ? windowSpans(ends[0]!, windowDays).current.from : from;
    const rows = ends.length > 0 ? await store.tagDailyRollups(first, to, filter) : [];
    let points = shareHistory(rows, ends, windowDays);
    if (minUsers) {
      // A tag below the threshold in a point's window leaves that point, as it leaves the snapshot.
      points = await Promise.all(
        points.map(async (p) => {
          const users = await store.userCounts(p.from, p.to, filter);
          const kept = rows.filter((r) => r.day >= p.from && r.day <= p.to);
          const fold = foldBelowMinUsers(
            kept.map((r) => ({ tag: r.tag, model: null, requests: r.requests, tokens: r.tokens })),
            users,
            minUsers,
          );
          if (fold.tagsFolded === 0) return p;
          const dayRows = fold.rows.map((r) => ({ day: p.as_of, tag: r.tag, requests: r.requests, tokens: r.tokens }));
          return { ...shareHistory(dayRows, [p.as_of], 1)[0]!, from: p.from };
        }),
      );
    }
    return {
      data: {
        window_days: windowDays,
        step_days: stepDays,
        from,
        to,
        app: app ?? null,
        sample_rate: this.options.sampleRate,
        points,
      },
    };
  }
}
