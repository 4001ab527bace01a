/**
 * How the embedded store holds up as raw events pile up under its small default memory limit: events
 * go in through the store's insert path in batches, the rate is taken per million, and the limit is
 * read at the end (it doubles only when an insert does not fit). Not in the default run: at 12 million
 * events it takes several minutes. The baseline is the first million's rate, in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { StoredEvent } from '../src/store/interface.ts';

export interface CapacityBenchResult {
  events: number;
  batch: number;
  /** events/s for each successive million */
  perMillion: number[];
  startLimitMB: number;
  endLimitMB: number;
  peakStoreMB: number;
}

export async function benchCapacity(millions: number, batch: number): Promise<CapacityBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'taskshare-bench-capacity-'));
  const store = await DuckDbStore.open({ dataDir: dir });
  const startLimitMB = store.currentMemoryLimit / 1_048_576;
  const perMillion: number[] = [];
  let peakStoreMB = 0;
  try {
    const events: StoredEvent[] = [];
    let t0 = performance.now();
    for (let i = 1; i <= millions * 1_000_000; i++) {
      events.push({
        id: `cap-${i}`,
        day: '2026-11-20',
        tag: 'math',
        model: 'openai/gpt-4.1',
        promptTokens: i % 1000,
        completionTokens: 5,
        userHash: (i % 5000).toString(16).padStart(64, '0'),
        app: null,
        classifierVersion: 'bench',
        confidence: 1,
        cost: null,
      });
      if (events.length === batch) {
        await store.insertEvents(events);
        events.length = 0;
      }
      if (i % 1_000_000 === 0) {
        if (events.length > 0) {
          await store.insertEvents(events);
          events.length = 0;
        }
        perMillion.push(1_000_000 / ((performance.now() - t0) / 1000));
        peakStoreMB = Math.max(peakStoreMB, (await store.memoryBytes()) / 1_048_576);
        t0 = performance.now();
      }
    }
    return { events: millions * 1_000_000, batch, perMillion, startLimitMB, endLimitMB: store.currentMemoryLimit / 1_048_576, peakStoreMB };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
