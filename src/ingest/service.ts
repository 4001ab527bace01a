/**
 * The ingestion pipeline for one batch: validate -> parse the request -> sample -> classify -> store,
 * in that order, so a bad record never costs a classification, a body of neither shape is refused
 * whether sampled or not, and a sampled-out one is counted but never classified.
 * Request bodies live only in this function's memory; what is stored is a StoredEvent.
 *
 * @example
 * const summary = await ingest.ingest([{ line: 1, value: { id: 'r1', timestamp: 1781690400, usage: {...}, tag: 'math' } }]);
 * // { accepted: 1, duplicates: 0, sampled_out: 0, rejected: [], outside_window: { count: 0, ... } }
 */
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseRequest, type TaskClassifier, type Transcript } from '../classify/index.ts';
import type { IngestRecorder } from '../metrics/index.ts';
import { utcDay } from '../shares/window.ts';
import type { EventStore, StoredEvent } from '../store/interface.ts';
import { normalizeRecord } from './normalize.ts';
import { type OutsideWindow, outsideWindow } from './outside-window.ts';
import { isSampled } from './sample.ts';
import { type ValidRecord, validateRecord } from './validate.ts';

/** One input record: parsed (`value`), or already known to be bad (`error`, e.g. invalid JSON). */
export type InputRecord = { line: number; value: unknown } | { line: number; error: string; id?: string };

export interface Rejection {
  line: number;
  id?: string;
  reason: string;
}

export interface IngestSummary {
  accepted: number;
  duplicates: number;
  sampled_out: number;
  rejected: Rejection[];
  /** Of `accepted`, those today's snapshot does not count (dated today, or before the window), and why. */
  outside_window: OutsideWindow;
}

/** Classifier version stored for events whose tag was chosen upstream. */
export const UPSTREAM_VERSION = 'upstream';

export interface IngestOptions {
  store: Pick<EventStore, 'insertEvents'>;
  /** Classifies a request already parsed here (each body is parsed once, and only held for the batch). */
  classifier: Pick<TaskClassifier, 'version' | 'classifyTranscript'>;
  sampleRate: number;
  /** Days raw events are kept (TASKSHARE_RETENTION_DAYS): older events are rejected, see validate.ts. */
  retentionDays: number;
  /** Secret for hashing `user`, so the stored hash cannot be reversed by guessing ids. */
  userHashKey: Buffer;
  /** Told after every committed write (the snapshot cache listens). */
  onCommit?: (summary: IngestSummary) => void;
  metrics?: IngestRecorder;
  now?: () => number;
  /** Classifications in flight per batch (default 64); set it above the LLM classifier's concurrency cap. */
  maxInFlight?: number;
}

export class IngestService {
  constructor(private readonly options: IngestOptions) {}

  /**
   * `records` may be a lazy iterable (the HTTP route parses NDJSON line by line as this consumes it):
   * a record's request body is then alive only while it is classified, not for the whole batch.
   */
  async ingest(records: Iterable<InputRecord>): Promise<IngestSummary> {
    const now = (this.options.now ?? Date.now)();
    const rejected: Rejection[] = [];
    const events: StoredEvent[] = [];
    // Classifications in flight, oldest first: a few run at once (the LLM classifier overlaps its
    // calls), and the bound keeps the bodies they hold from piling up.
    const inFlight: Array<Promise<void>> = [];
    let sampledOut = 0;
    for (const input of records) {
      if ('error' in input) {
        rejected.push(withId({ line: input.line, reason: input.error }, input.id));
        continue;
      }
      const v = validateRecord(normalizeRecord(input.value), { nowMs: now, retentionDays: this.options.retentionDays });
      if (!v.ok) {
        rejected.push(withId({ line: input.line, reason: v.reason }, v.id));
        continue;
      }
      // A body of neither shape is refused whether or not it would be sampled.
      let transcript: Transcript | undefined;
      if (v.record.tag === undefined) {
        const parsed = parseRequest(v.record.request);
        if (!parsed.ok) {
          rejected.push({ line: input.line, id: v.record.id, reason: `request: ${parsed.reason}` });
          continue;
        }
        transcript = parsed.transcript;
      }
      if (!isSampled(v.record.id, this.options.sampleRate)) {
        sampledOut += 1;
        continue;
      }
      const slot = events.length;
      events.push(undefined as unknown as StoredEvent); // filled in below, keeping input order
      const done = this.toStoredEvent(v.record, transcript).then((e) => {
        events[slot] = e;
      });
      done.catch(() => undefined); // a failure is thrown where it is awaited, not reported as unhandled meanwhile
      inFlight.push(done);
      if (inFlight.length >= (this.options.maxInFlight ?? 64)) await inFlight.shift();
    }
    await Promise.all(inFlight);
    const started = performance.now();
    const { accepted, duplicates, acceptedByDay } = await this.options.store.insertEvents(events);
    const summary = { accepted, duplicates, sampled_out: sampledOut, rejected, outside_window: outsideWindow(acceptedByDay, now) };
    const m = this.options.metrics;
    if (m) {
      m.storeWrite((performance.now() - started) / 1000);
      m.events('accepted', accepted);
      m.events('duplicate', duplicates);
      m.events('sampled_out', sampledOut);
      m.events('rejected', rejected.length);
    }
    if (accepted > 0) this.options.onCommit?.(summary);
    return summary;
  }

  private async toStoredEvent(r: ValidRecord, transcript: Transcript | undefined): Promise<StoredEvent> {
    // Everything but the classification first, so that nothing of the request outlives this line.
    const stored = {
      id: r.id,
      day: utcDay(r.timestampMs),
      model: r.model,
      promptTokens: r.promptTokens,
      completionTokens: r.completionTokens,
      cost: r.cost,
      userHash: r.user === null ? null : createHmac('sha256', this.options.userHashKey).update(r.user).digest('hex').slice(0, 32),
      app: r.app,
    };
    const upstreamTag = r.tag;
    const { tag, confidence, version, path } =
      transcript === undefined
        ? { tag: upstreamTag!, confidence: 1, version: UPSTREAM_VERSION, path: 'upstream' }
        : { ...(await this.options.classifier.classifyTranscript(transcript)), version: this.options.classifier.version };
    this.options.metrics?.classified(tag, path);
    return { ...stored, tag, classifierVersion: version, confidence };
  }
}

function withId(rejection: Rejection, id: string | undefined): Rejection {
  return id === undefined ? rejection : { ...rejection, id };
}
