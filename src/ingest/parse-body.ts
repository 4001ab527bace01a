/**
 * An ingest body, NDJSON or a JSON array, into numbered records. A line that is not JSON, too large or
 * nested too deeply becomes a rejected record with its reason; its neighbours go on.
 */
import { nestingExceeds, splitJsonArray } from './json-scan.ts';
import { MAX_DEPTH } from './limits.ts';
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
  for (let start = 0; start < body.length; ) {
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
  for (let start = 0; start < body.length; ) {
    let end = body.indexOf(NEWLINE, start);
    if (end === -1) end = body.length;
    n += 1;
    const bounds = lineBounds(body, start, end);
    start = end + 1;
    if (!bounds) continue;
    const [from, to] = bounds;
    if (to - from > limits.maxRecordBytes) {
      yield {
        line: n,
        error: `record is larger than ${limits.maxRecordBytes} bytes`,
        id: idOf(body.toString('utf8', from, Math.min(to, from + 4096))),
      };
      continue;
    }
    const text = body.toString('utf8', from, to);
    yield parseRecord(n, text, nestingExceeds(text, MAX_DEPTH));
  }
}

export const TOO_DEEP = `record is nested more than ${MAX_DEPTH} levels deep`;

/** One record's text; one nested too deeply is refused before JSON.parse, so nothing downstream can recurse on it unboundedly. */
function parseRecord(line: number, text: string, tooDeep: boolean): InputRecord {
  if (tooDeep) return { line, error: TOO_DEEP, id: idOf(text) };
  try {
    return { line, value: JSON.parse(text) };
  } catch {
    return { line, error: 'invalid JSON', id: idOf(text) };
  }
}

/**
 * A JSON-array body: its structure is checked first (not an array, or broken brackets or strings, is a
 * 400 for the whole body), then each element is parsed on its own, like an NDJSON line.
 */
export function parseJsonArray(text: string, limits: ParseLimits): ParsedBody {
  const split = splitJsonArray(text, MAX_DEPTH);
  if (!split.ok) {
    if (!split.notArray) return { ok: false, reason: 'Body is not valid JSON' };
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    return {
      ok: false,
      reason: valid ? 'Body must be a JSON array of events (or NDJSON with Content-Type: application/x-ndjson)' : 'Body is not valid JSON',
    };
  }
  return {
    ok: true,
    records: split.elements.map(({ start, end, tooDeep }, i) => {
      const element = text.slice(start, end);
      if (Buffer.byteLength(element) > limits.maxRecordBytes)
        return { line: i + 1, error: `record is larger than ${limits.maxRecordBytes} bytes`, id: idOf(element.slice(0, 4096)) };
      return parseRecord(i + 1, element, tooDeep);
    }),
  };
}
