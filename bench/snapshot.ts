/**
 * Time to compute a snapshot (uncached) with 1M and with 10M sampled events in the window. Events
 * go in through the store's ordinary insert path; the snapshot reads only the daily rollups, so its
 * cost follows the number of (day, tag, model) groups, not the number of events.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_MODELS } from '../src/demo/models.ts';
import { addDays, trailingWindow } from '../src/shares/window.ts';
import { SnapshotService } from '../src/snapshots/snapshot.ts';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { StoredEvent } from '../src/store/interface.ts';
import { TAG_IDS } from '../src/taxonomy/index.ts';

export interface SnapshotBenchResult {
  ms1M: number;
  ms10M: number;
  ratio: number;
  insertEventsPerSec: number;
}

async function fill(store: DuckDbStore, from: number, to: number, asOf: string): Promise<void> {
  const batch: StoredEvent[] = [];
  for (let i = from; i < to; i++) {
    batch.push({
      id: `bench-${i}`,
      day: addDays(asOf, -(i % 7)),
      tag: TAG_IDS[(i * 7) % TAG_IDS.length]!,
      model: DEMO_MODELS[(i * 13) % DEMO_MODELS.length]!.id,
      promptTokens: 500 + (i % 1000),
      completionTokens: 100 + (i % 300),
      userHash: null,
      app: null,
      classifierVersion: 'bench',
      confidence: 1,
      cost: null,
    });
    if (batch.length === 100_000) {
      await store.insertEvents(batch);
      batch.length = 0;
    }
  }
  if (batch.length > 0) await store.insertEvents(batch);
}

async function timeSnapshot(store: DuckDbStore, runs = 20): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const service = new SnapshotService({ store, topModels: 10 }); // a fresh one: nothing cached
    const t = performance.now();
    await service.current();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!; // the median
}

export async function benchSnapshot(small = 1_000_000, large = 10_000_000): Promise<SnapshotBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-bench-snap-'));
  const store = await DuckDbStore.open({ dataDir: dir });
  try {
    const asOf = trailingWindow(Date.now()).asOf;
    const t0 = performance.now();
    await fill(store, 0, small, asOf);
    const insertEventsPerSec = small / ((performance.now() - t0) / 1000);
    const ms1M = await timeSnapshot(store);
    await fill(store, small, large, asOf);
    const ms10M = await timeSnapshot(store);
    return { ms1M, ms10M, ratio: ms10M / ms1M, insertEventsPerSec };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
