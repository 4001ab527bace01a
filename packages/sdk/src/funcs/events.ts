/**
 * POST /events (an ingest key). `eventsSend` posts one NDJSON body as it is; `eventsIngest` takes events
 * (an array, any iterable, or an async iterable), sends them in batches one at a time, and adds up the
 * answers. Retrying is safe, since the server counts an id once, so 429s are waited out (Retry-After) and
 * 5XX and connection errors retried by default. A failed batch ends the call; the batches before it stay
 * committed, and calling again with the same events completes it (the repeats come back as duplicates).
 *
 * @example
 * const res = await eventsIngest(core, events, { onBatch: (b) => console.log(b.accepted) });
 * if (res.ok) console.log(res.value.accepted, res.value.rejected);
 */
import type { RequestOptions, TaskShareCore } from '../core.ts';
import { SDKValidationError } from '../errors.ts';
import { ERR, OK, type Result } from '../lib/result.ts';
import { type IngestBatchResult, type IngestResult, parseIngestBatchResult, type TaskShareEvent } from '../models/events.ts';
import { guarded, request, type TaskShareCallError } from './call.ts';

export interface SendOptions extends RequestOptions {
  /** Compress the body (Content-Encoding: gzip); default true. */
  gzip?: boolean;
}

export interface IngestOptions extends SendOptions {
  /** Events per request (default 1000; the server's limit is 10,000). */
  batchSize?: number;
  /** Uncompressed bytes per request, about (default 4 MiB; a larger single event goes alone). */
  batchBytes?: number;
  /** Told of each committed batch: its answer, and how many events it held. */
  onBatch?: (result: IngestBatchResult, events: number) => void;
}

const DEFAULT_BATCH_SIZE = 1_000;
const DEFAULT_BATCH_BYTES = 4 * 1024 * 1024; // 4 MiB, well under the server's 10 MiB body limit
const encoder = new TextEncoder();

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  // CompressionStream is in browsers and in Node 18+: no zlib, so the package runs in both.
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function positiveInt(name: string, v: unknown, max: number): SDKValidationError | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > max)
    return new SDKValidationError(name, `expected an integer from 1 to ${max}, got ${JSON.stringify(v)}`, v);
  return undefined;
}

export function eventsSend(
  client: TaskShareCore,
  ndjson: string | Uint8Array,
  options: SendOptions = {},
): Promise<Result<IngestBatchResult, TaskShareCallError>> {
  return guarded(async () => {
    const raw = typeof ndjson === 'string' ? encoder.encode(ndjson) : ndjson;
    if (!(raw instanceof Uint8Array))
      return ERR(new SDKValidationError('ndjson', 'expected a string or a Uint8Array of NDJSON lines', ndjson));
    if (raw.length === 0) return ERR(new SDKValidationError('ndjson', 'expected at least one line, got an empty body', ndjson));
    const zipped = options.gzip !== false;
    const body = zipped ? await gzip(raw) : raw;
    const headers = { 'content-type': 'application/x-ndjson', 'content-encoding': zipped ? 'gzip' : undefined };
    return request(client, { method: 'POST', path: '/events', body, headers, retry429: true }, parseIngestBatchResult, options);
  });
}

function checkEvent(event: unknown, index: number): SDKValidationError | undefined {
  const name = `events[${index}]`;
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    return new SDKValidationError(
      name,
      `expected an event object, got ${event === null ? 'null' : Array.isArray(event) ? 'an array' : typeof event}`,
      event,
    );
  const id = (event as { id?: unknown }).id;
  // The id is what makes a retried batch safe; without one the server would refuse the event anyway.
  if (typeof id !== 'string' || id === '')
    return new SDKValidationError(`${name}.id`, 'expected a non-empty string (ids make sending again safe)', id);
  return undefined;
}

export function eventsIngest(
  client: TaskShareCore,
  events: Iterable<TaskShareEvent> | AsyncIterable<TaskShareEvent>,
  options: IngestOptions = {},
): Promise<Result<IngestResult, TaskShareCallError>> {
  return guarded(async () => {
    const iterable = events as Partial<Iterable<unknown> & AsyncIterable<unknown>> | null;
    if (
      typeof events === 'string' ||
      iterable === null ||
      typeof iterable !== 'object' ||
      (!iterable[Symbol.iterator] && !iterable[Symbol.asyncIterator])
    )
      return ERR(new SDKValidationError('events', 'expected an array, an iterable or an async iterable of event objects', events));
    const bad =
      positiveInt('options.batchSize', options.batchSize, 10_000) ??
      positiveInt('options.batchBytes', options.batchBytes, 100 * 1024 * 1024);
    if (bad) return ERR(bad);
    const maxEvents = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const maxBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
    const total: IngestResult = {
      accepted: 0,
      duplicates: 0,
      sampledOut: 0,
      rejected: [],
      outsideWindow: { count: 0, today: 0, older: 0 },
      batches: 0,
      events: 0,
    };
    let lines: string[] = [];
    let bytes = 0;
    let first = 0; // index of the batch's first event

    const flush = async (): Promise<Result<void, TaskShareCallError>> => {
      if (lines.length === 0) return OK(undefined);
      const sent = await eventsSend(client, lines.join('\n'), options);
      if (!sent.ok) return sent;
      const r = sent.value;
      total.batches += 1;
      total.events += lines.length;
      total.accepted += r.accepted;
      total.duplicates += r.duplicates;
      total.sampledOut += r.sampledOut;
      for (const x of r.rejected)
        total.rejected.push({ index: first + x.line - 1, ...(x.id !== undefined ? { id: x.id } : {}), reason: x.reason });
      if (r.outsideWindow) {
        total.outsideWindow.count += r.outsideWindow.count;
        total.outsideWindow.today += r.outsideWindow.today;
        total.outsideWindow.older += r.outsideWindow.older;
      }
      options.onBatch?.(r, lines.length);
      first += lines.length;
      lines = [];
      bytes = 0;
      return OK(undefined);
    };

    let index = 0;
    for await (const event of events as AsyncIterable<unknown>) {
      const wrong = checkEvent(event, index++);
      if (wrong) return ERR(wrong);
      const line = JSON.stringify(event);
      const size = encoder.encode(line).length + 1;
      if (lines.length > 0 && (lines.length >= maxEvents || bytes + size > maxBytes)) {
        const done = await flush();
        if (!done.ok) return done;
      }
      lines.push(line);
      bytes += size;
    }
    const done = await flush();
    return done.ok ? OK(total) : done;
  });
}
