/**
 * The query plumbing of taskshare's own read API: which rollups each answer needs, read from the store
 * and handed to the pure arithmetic in shares/taskshare.ts. Computed per request: these answers vary
 * by window and date, and each is one or two grouped queries over the daily rollups.
 */

import { computeShares } from '../shares/compute.ts';
import { usageShareIntervals, zFor } from '../shares/interval.ts';
import { type HistoryPoint, historyEnds, shareHistory, type TaskshareResponse, windowSpans, withPrevious } from '../shares/taskshare.ts';
import type { EventStore } from '../store/interface.ts';

export interface TaskshareOptions {
  store: Pick<EventStore, 'topRollups' | 'tagDailyRollups'>;
  topModels: number;
  sampleRate: number;
  /** Of the share intervals (default 0.95). */
  confidenceLevel?: number;
}

export interface HistoryResponse {
  data: { window_days: number; step_days: number; from: string; to: string; sample_rate: number; points: HistoryPoint[] };
}

export class TaskshareService {
  constructor(private readonly options: TaskshareOptions) {}

  async classifications(asOf: string, windowDays: number): Promise<TaskshareResponse> {
    const { store, topModels } = this.options;
    const spans = windowSpans(asOf, windowDays);
    const [current, previous] = await Promise.all([
      store.topRollups(spans.current.from, spans.current.to, topModels),
      store.topRollups(spans.previous.from, spans.previous.to, topModels),
    ]);
    const options = { windowDays, topModels };
    const { sampleRate, confidenceLevel = 0.95 } = this.options;
    return withPrevious(computeShares(current, { ...options, asOf }), computeShares(previous, { ...options, asOf: spans.previous.to }), {
      spans,
      sampleRate,
      confidenceLevel,
      intervals: usageShareIntervals(current, zFor(confidenceLevel), sampleRate),
    });
  }

  /** `from`..`to` are window ends; one query reads every day any of their windows covers. */
  async history(from: string, to: string, stepDays: number, windowDays: number): Promise<HistoryResponse> {
    const ends = historyEnds(from, to, stepDays);
    const first = ends.length > 0 ? windowSpans(ends[0]!, windowDays).current.from : from;
    const rows = ends.length > 0 ? await this.options.store.tagDailyRollups(first, to) : [];
    return {
      data: {
        window_days: windowDays,
        step_days: stepDays,
        from,
        to,
        sample_rate: this.options.sampleRate,
        points: shareHistory(rows, ends, windowDays),
      },
    };
  }
}
