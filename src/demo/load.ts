/** Feeds the demo dataset through the ingestion service in batches, like any gateway would. */
import type { IngestService } from '../ingest/service.ts';
import { type DemoOptions, generateDemoEvents } from './generate.ts';

/** `onBatch` is told after each committed batch, with the events in so far. */
export async function loadDemo(
  ingest: IngestService,
  options: DemoOptions,
  batchSize = 10_000,
  onBatch: (progress: { accepted: number; duplicates: number }) => void = () => undefined,
): Promise<{ accepted: number; duplicates: number }> {
  let accepted = 0;
  let duplicates = 0;
  let batch: Array<{ line: number; value: unknown }> = [];
  const flush = async () => {
    const s = await ingest.ingest(batch);
    if (s.rejected.length > 0) throw new Error(`demo dataset rejected: ${s.rejected[0]!.reason}`);
    accepted += s.accepted;
    duplicates += s.duplicates;
    batch = [];
    onBatch({ accepted, duplicates });
  };
  for (const value of generateDemoEvents(options)) {
    batch.push({ line: batch.length + 1, value });
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return { accepted, duplicates };
}
