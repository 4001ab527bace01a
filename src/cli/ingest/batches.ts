/**
 * Groups lines into request bodies bounded by both an event count and a byte size, so that a batch
 * always fits the server's limits (10,000 events, 10 MiB by default) and memory stays bounded whatever
 * the file's size. A line that cannot fit any batch is rejected here instead of being sent.
 */
import type { Line } from './lines.ts';

export interface Batch {
  /** lines[i] is the file line number of the body's (i+1)-th line, the server's `line`. */
  lines: number[];
  body: Buffer;
}

export interface LocalReject {
  line: number;
  id?: string;
  reason: string;
}

export type BatchItem = { batch: Batch } | { reject: LocalReject };

export interface BatchLimits {
  maxEvents: number;
  maxBytes: number;
}

const NEWLINE = Buffer.from('\n');

/** Best effort, like the server's own report: the id is only a label in the rejects file. */
export const idOf = (text: string): string | undefined => /"id"\s*:\s*"([^"\\]{1,256})"/.exec(text)?.[1];

/** The largest line that fits a batch, newline included. */
export const maxLineBytes = (limits: BatchLimits): number => limits.maxBytes - 1;

export async function* toBatches(lines: AsyncIterable<Line>, limits: BatchLimits): AsyncGenerator<BatchItem> {
  let numbers: number[] = [];
  let parts: Buffer[] = [];
  let bytes = 0;
  const flush = (): BatchItem => {
    const item = { batch: { lines: numbers, body: Buffer.concat(parts, bytes) } };
    numbers = [];
    parts = [];
    bytes = 0;
    return item;
  };

  for await (const l of lines) {
    if ('oversize' in l) {
      const reason = `line is ${l.bytes} bytes, larger than the batch limit of ${maxLineBytes(limits)} bytes (--batch-bytes); not sent`;
      yield { reject: { line: l.line, id: idOf(l.head), reason } };
      continue;
    }
    const size = l.data.length + 1;
    if (numbers.length > 0 && (numbers.length >= limits.maxEvents || bytes + size > limits.maxBytes)) yield flush();
    numbers.push(l.line);
    parts.push(l.data, NEWLINE);
    bytes += size;
  }
  if (numbers.length > 0) yield flush();
}
