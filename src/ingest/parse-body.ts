/**
 * An ingest body, NDJSON or a JSON array, into numbered records. A line that is not JSON, or too
 * large, becomes a rejected record with its reason; its neighbours go on.
 */
import type { InputRecord } from './service.ts';

export interface ParseLimits {
  maxRecordBytes: number;
}

export type ParsedBody = { ok: true; records: InputRecord[] } | { ok: false; reason: string };

function idOf(line: string): string | undefined {
  // Best effort, for the rejection report only.
  return /"id"\s*:\s*"([^"\\]{1,256})"/.exec(line)?.[1];
}

const NEWLINE = 0x0a;
/** ASCII whitespace, the bytes `String.prototype.trim` would remove around a JSON line. */
const isSpace = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d);
const NON_BLANK = /\S/; // \s is exactly the whitespace String.prototype.trim removes

/** A line's bytes without surrounding whitespace, or undefined for a blank line. */
function lineBounds(body: Buffer, start: number, end: number): [number, number] | undefined {
  while (start < end && isSpace(body[start]!)) start++;
  while (end > start && isSpace(body[end - 1]!)) end--;
  if (start === end) return undefined;
  // Rare: a line of only non-ASCII characters may still be all (Unicode) whitespace.
  if (body[start]! >= 0x80 && !NON_BLANK.test(body.toString('utf8', start, end))) return undefined;
  return [start, end];
}

/** The number of records (non-blank lines) an NDJSON body holds, without parsing any. */
export function countNdjsonRecords(body: Buffer): number {
  let n = 0;
  for (let start = 0; start < body.length;) {
    let end = body.indexOf(NEWLINE, start);
    if (end === -1) end = body.length;
    if (lineBounds(body, start, end)) n += 1;
    start = end + 1;
  }
  return n;
}

/**
 * The records of an NDJSON body, each decoded and parsed only when it is consumed. The body stays a
 * Buffer (outside V8's heap), and a batch never has all its parsed request bodies alive at once: they
 * would outlive V8's young generation and grow the heap with every large batch.
 */
export function* ndjsonRecords(body: Buffer, limits: ParseLimits): Generator<InputRecord> {
  let n = 0;
  for (let start = 0; start < body.length;) {
    let end = body.indexOf(NEWLINE, start);
    if (end === -1) end = body.length;
    n += 1;
    const bounds = lineBounds(body, start, end);
    start = end + 1;
    if (!bounds) continue;
    const [from, to] = bounds;
    if (to - from > limits.maxRecordBytes) {
      yield { line: n, error: `record is larger than ${limits.maxRecordBytes} bytes`, id: idOf(body.toString('utf8', from, Math.min(to, from + 4096))) };
      continue;
    }
    const line = body.toString('utf8', from, to);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      yield { line: n, error: 'invalid JSON', id: idOf(line) };
      continue;
    }
    yield { line: n, value };
  }
}

export function parseJsonArray(text: string, limits: ParseLimits): ParsedBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'Body is not valid JSON' };
  }
  if (!Array.isArray(value)) return { ok: false, reason: 'Body must be a JSON array of events (or NDJSON with Content-Type: application/x-ndjson)' };
  return {
    ok: true,
    records: value.map((v, i) => {
      const size = Buffer.byteLength(JSON.stringify(v) ?? '');
      return size > limits.maxRecordBytes
        ? { line: i + 1, error: `record is larger than ${limits.maxRecordBytes} bytes` }
        : { line: i + 1, value: v };
    }),
  };
}
