/**
 * Streams NDJSON files (or stdin, `-`; gzipped or not) to a running taskshare in batches, with a few
 * batches in flight while the next is read, so memory is bounded by `concurrency + 1` batches whatever
 * the input size. Several in flight keep the server busy: while one batch is classified on its worker
 * threads, another is parsed and a third committed. Re-running after a crash or Ctrl-C double-counts
 * nothing: the server ingests by event id.
 *
 * @example
 * const report = await ingestFiles({ files: ['events.ndjson.gz'], url: 'http://127.0.0.1:8080', key });
 * // { outcome: 'done', lines: 120000, accepted: 119990, duplicates: 0, sampled_out: 0, rejected: 10, ... }
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { type Batch, maxLineBytes, toBatches } from './batches.ts';
import { splitLines } from './lines.ts';
import { RejectsWriter } from './rejects.ts';
import { sendBatch } from './send.ts';
import { openInput } from './source.ts';

export const DEFAULTS = {
  /** About 1 MB of typical events: big enough that per-request costs vanish, small enough that neither side holds much. */
  batchSize: 2_000,
  /** 4 MiB: room for several records of the server's default 1 MiB limit, well under its 10 MiB body limit. */
  batchBytes: 4 * 1024 * 1024,
  retries: 8,
  /** Batches in flight: 3 lets a server with cores to spare parse one while it classifies and commits others (docs/benchmarks.md). */
  concurrency: 3,
} as const;

export interface IngestOptions {
  files: string[];
  /** Server base URL, no trailing slash needed. */
  url: string;
  /** A key with the ingest scope (the admin key has it). */
  key: string;
  /** The sentence for a refused key (401): by default it names no source. */
  refusedKey?: (serverMessage: string) => string;
  batchSize?: number;
  batchBytes?: number;
  retries?: number;
  /** Batches in flight at once, at least 1. */
  concurrency?: number;
  /** One rejects file for all inputs; default `<file>.rejects.ndjson` beside each. */
  rejects?: string;
  /** Stop reading and waiting; a request in flight still completes (first Ctrl-C). */
  stop?: AbortSignal;
  /** Abort the batch in flight too (second Ctrl-C). */
  abort?: AbortSignal;
  /** Stands in for process.stdin when a file is `-`. */
  stdin?: Readable;
  /** Called with the same live object at every change; read it, do not keep work here. */
  onProgress?: (stats: Readonly<IngestStats>) => void;
}

export interface IngestStats {
  file: string;
  /** Input bytes read (compressed bytes for gzip), and the sum of file sizes when every input is a file. */
  bytes: number;
  totalBytes?: number;
  /**
   * Of `bytes`, those up to which the server has answered every line: what progress and ETA go by,
   * since reading runs ahead of the answers, which may come back out of order.
   */
  bytesDone: number;
  /** Non-blank lines the server or the size check has answered for: accepted + duplicates + sampled_out + rejected. */
  lines: number;
  accepted: number;
  duplicates: number;
  sampled_out: number;
  rejected: number;
  /** Of `accepted`, those today's snapshot does not count: dated today (they count from tomorrow) or before the 7-day window. */
  outside_window: OutsideWindowCounts;
  batches: number;
  /** Why nothing moves right now (a 429 wait, a retry) and until when (epoch ms), else undefined. */
  waiting?: { reason: string; until: number };
}

export interface OutsideWindowCounts {
  count: number;
  today: number;
  older: number;
}

export interface IngestReport {
  /** `interrupted`: stopped by a signal; re-running the same command completes it. */
  outcome: 'done' | 'interrupted' | 'failed';
  error?: string;
  files: string[];
  bytes: number;
  total_bytes?: number;
  lines: number;
  batches: number;
  accepted: number;
  duplicates: number;
  sampled_out: number;
  rejected: number;
  outside_window: OutsideWindowCounts;
  rejects_files: string[];
  elapsed_ms: number;
  events_per_second: number;
}

export async function ingestFiles(options: IngestOptions): Promise<IngestReport> {
  const started = Date.now();
  const limits = { maxEvents: options.batchSize ?? DEFAULTS.batchSize, maxBytes: options.batchBytes ?? DEFAULTS.batchBytes };
  const url = options.url.replace(/\/+$/, '');
  const rejects = new RejectsWriter(options.rejects);
  const stats: IngestStats = {
    file: '',
    bytes: 0,
    bytesDone: 0,
    lines: 0,
    accepted: 0,
    duplicates: 0,
    sampled_out: 0,
    rejected: 0,
    outside_window: { count: 0, today: 0, older: 0 },
    batches: 0,
  };
  const progress = () => options.onProgress?.(stats);
  let failure: string | undefined;
  let interrupted = false;
  const stopped = () => failure !== undefined || interrupted || options.stop?.aborted === true;

  // Batches sent, oldest first, each with the bytes read when it was cut: `bytesDone` advances past a
  // batch only when it and every batch before it are answered (answers may come back out of order).
  const sent: Array<{ done: Promise<void>; settled: boolean; bytesMark: number }> = [];
  const settle = () => {
    const before = stats.bytesDone;
    while (sent.length > 0 && sent[0]!.settled) {
      const first = sent.shift()!;
      if (!stopped()) stats.bytesDone = Math.max(stats.bytesDone, first.bytesMark);
    }
    if (stats.bytesDone !== before) progress();
  };
  /** Waits until at most `max` batches are still unanswered. */
  const drain = async (max: number) => {
    for (let open = sent.filter((b) => !b.settled); open.length > max; open = sent.filter((b) => !b.settled)) {
      await Promise.race(open.map((b) => b.done));
      settle();
    }
    settle();
  };
  const concurrency = Math.max(1, options.concurrency ?? DEFAULTS.concurrency);

  async function send(file: string, batch: Batch): Promise<void> {
    try {
      const result = await sendBatch(batch.body, batch.lines.length, {
        url,
        key: options.key,
        refusedKey: options.refusedKey,
        retries: options.retries ?? DEFAULTS.retries,
        signal: options.abort,
        stopWaits: options.stop,
        onWait: (reason, ms) => {
          stats.waiting = { reason, until: Date.now() + ms };
          progress();
        },
      });
      stats.waiting = undefined;
      if (!result.ok) {
        if (result.aborted) interrupted = true;
        else failure = result.message;
        return;
      }
      const s = result.summary;
      stats.batches += 1;
      stats.lines += batch.lines.length;
      stats.accepted += s.accepted;
      stats.duplicates += s.duplicates;
      stats.sampled_out += s.sampled_out;
      stats.rejected += s.rejected.length;
      const outside = s.outside_window;
      if (outside) {
        stats.outside_window.count += outside.count;
        stats.outside_window.today += outside.today;
        stats.outside_window.older += outside.older;
      }
      // The server numbers lines within the request; batch.lines turns that back into the file's line.
      for (const r of s.rejected) await rejects.write({ file, line: batch.lines[r.line - 1] ?? 0, id: r.id, reason: r.reason });
      progress();
    } catch (err) {
      failure ??= (err as Error).message;
    }
  }

  try {
    stats.totalBytes = await totalSize(options.files);
  } catch (err) {
    failure = (err as Error).message;
  }

  for (const file of options.files) {
    if (stopped()) break;
    stats.file = file;
    try {
      const input = await openInput(
        file,
        (n) => {
          stats.bytes += n;
          progress();
        },
        options.stop,
        options.stdin,
      );
      for await (const item of toBatches(splitLines(input.chunks, maxLineBytes(limits)), limits)) {
        if ('reject' in item) {
          stats.lines += 1;
          stats.rejected += 1;
          await rejects.write({ file, ...item.reject });
          continue;
        }
        // `concurrency` batches in flight, one being read: the bound on memory.
        await drain(concurrency - 1);
        if (stopped()) break;
        const entry = { done: Promise.resolve(), settled: false, bytesMark: stats.bytes };
        entry.done = send(file, item.batch).finally(() => {
          entry.settled = true;
        });
        sent.push(entry);
      }
    } catch (err) {
      // A read ended by Ctrl-C is an interruption, not a failure.
      if (options.stop?.aborted) interrupted = true;
      else failure ??= `cannot read ${file}: ${(err as Error).message}`;
    }
    await drain(0);
    if (!stopped()) {
      stats.bytesDone = stats.bytes;
      progress();
    }
  }
  if (options.stop?.aborted && failure === undefined) interrupted = true;

  try {
    await rejects.close();
  } catch (err) {
    failure ??= (err as Error).message;
  }
  const elapsed = Date.now() - started;
  const { bytes, totalBytes, lines, batches, accepted, duplicates, sampled_out, rejected, outside_window } = stats;
  return {
    outcome: failure !== undefined ? 'failed' : interrupted ? 'interrupted' : 'done',
    ...(failure !== undefined ? { error: failure } : {}),
    files: options.files,
    bytes,
    ...(totalBytes !== undefined ? { total_bytes: totalBytes } : {}),
    lines,
    batches,
    accepted,
    duplicates,
    sampled_out,
    rejected,
    outside_window,
    rejects_files: rejects.written,
    elapsed_ms: elapsed,
    events_per_second: elapsed > 0 ? Math.round((lines * 1000) / elapsed) : 0,
  };
}

/** The sum of the inputs' sizes, or undefined when one is stdin or not a regular file. Fails early on a missing file. */
async function totalSize(files: string[]): Promise<number | undefined> {
  let total: number | undefined = 0;
  for (const file of files) {
    if (file === '-') {
      total = undefined;
      continue;
    }
    let info: Stats;
    try {
      info = await stat(file);
    } catch (err) {
      throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    if (info.isDirectory()) throw new Error(`cannot read ${file}: it is a directory`);
    if (total !== undefined) total = info.isFile() ? total + info.size : undefined;
  }
  return total;
}
