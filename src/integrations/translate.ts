/**
 * What every integration shares: each of its records is translated into one taskshare event (or
 * refused, or set aside), and the events go through the same IngestService as POST /api/v1/events, so
 * validation, dedup by id, sampling, classification and storage are the same for all.
 */
import type { IngestService, IngestSummary, InputRecord } from '../ingest/service.ts';

/** One integration record, translated. */
export type Translation =
  | { event: Record<string, unknown> }
  /** Refused: listed in `rejected` with this reason, in the integration's own terms. */
  | { error: string; id?: string }
  /** A failed LLM call: counted apart, never classified or stored. */
  | { failed: true }
  /** Not an LLM request this integration reads (an embedding call, a non-GenAI span): counted, not stored. */
  | { skipped: string };

export interface TranslatedSummary extends IngestSummary {
  failed: number;
  skipped: number;
}

/**
 * Translates records lazily as ingestion consumes them (a record's request body is alive only while it
 * is classified) and ingests them in one batch.
 */
export async function ingestTranslated(
  ingest: Pick<IngestService, 'ingest'>,
  records: Iterable<InputRecord>,
  translate: (value: unknown) => Translation,
): Promise<TranslatedSummary> {
  let failed = 0;
  let skipped = 0;
  function* events(): Generator<InputRecord> {
    for (const r of records) {
      if ('error' in r) {
        yield r;
        continue;
      }
      let t: Translation;
      try {
        t = translate(r.value);
      } catch {
        // A payload no translator foresaw rejects only itself, never its batch.
        yield { line: r.line, error: 'payload could not be read' };
        continue;
      }
      if ('event' in t) yield { line: r.line, value: t.event };
      else if ('error' in t) yield t.id === undefined ? { line: r.line, error: t.error } : { line: r.line, error: t.error, id: t.id };
      else if ('failed' in t) failed += 1;
      else skipped += 1;
    }
  }
  const summary = await ingest.ingest(events());
  return { ...summary, failed, skipped };
}
