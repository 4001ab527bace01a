/**
 * Time to answer a chart's history: 90 daily points of the 90-day window (180 days of rollups read in
 * one query), against one uncached 7-day snapshot on the same store as the baseline. Rollups for 180
 * days x every tag x 20 models go in through the store's ordinary insert path.
 */
import { performance } from 'node:perf_hooks';
import { DEMO_MODELS } from '../src/demo/models.ts';
import { addDays, trailingWindow } from '../src/shares/window.ts';
import { SnapshotService } from '../src/snapshots/snapshot.ts';
import { TaskshareService } from '../src/snapshots/taskshare.ts';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { StoredEvent } from '../src/store/interface.ts';
import { TAG_IDS } from '../src/taxonomy/index.ts';

export interface HistoryBenchResult {
  cells: number;
  historyMs: number;
  snapshotMs: number;
  ratio: number;
}

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchHistory(runs = 20): Promise<HistoryBenchResult> {
  const store = await DuckDbStore.open({ dataDir: ':memory:' });
  try {
    const asOf = trailingWindow(Date.now()).asOf;
    const batch: StoredEvent[] = [];
    for (let d = 0; d < 180; d++) {
      for (const [t, tag] of TAG_IDS.entries()) {
        for (let m = 0; m < 20; m++) {
          batch.push({
            id: `h-${d}-${t}-${m}`,
            day: addDays(asOf, -d),
            tag,
            model: DEMO_MODELS[m % DEMO_MODELS.length]!.id,
            promptTokens: 100 + d + m,
            completionTokens: t,
            userHash: null,
            app: null,
            classifierVersion: 'bench',
            confidence: 1,
            cost: null,
          });
        }
      }
    }
    await store.insertEvents(batch);
    const taskshare = new TaskshareService({ store, topModels: 10, sampleRate: 1 });
    const history: number[] = [];
    const snapshot: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      await taskshare.history(addDays(asOf, -89), asOf, 1, 90);
      history.push(performance.now() - t);
      t = performance.now();
      await new SnapshotService({ store, topModels: 10 }).current();
      snapshot.push(performance.now() - t);
    }
    const historyMs = median(history);
    const snapshotMs = median(snapshot);
    return { cells: batch.length, historyMs, snapshotMs, ratio: historyMs / snapshotMs };
  } finally {
    await store.close();
  }
}
