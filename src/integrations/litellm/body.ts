/**
 * A LiteLLM `generic_api` body into numbered records. LiteLLM sends `Content-Type: application/json`
 * whatever its `log_format`: a JSON array (`json_array`, the default), NDJSON (`ndjson`) or one object
 * per request (`single`), so the shape is read from the bytes, not the header.
 */
import { nestingExceeds } from '../../ingest/json-scan.ts';
import { MAX_DEPTH } from '../../ingest/limits.ts';
import { countNdjsonRecords, ndjsonRecords, type ParseLimits, parseJsonArray, TOO_DEEP } from '../../ingest/parse-body.ts';
import type { InputRecord } from '../../ingest/service.ts';

export type LitellmBody = { ok: true; records: Iterable<InputRecord>; count: number } | { ok: false; reason: string };

const isSpace = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d);

export function litellmRecords(body: Buffer, limits: ParseLimits): LitellmBody {
  let start = 0;
  while (start < body.length && isSpace(body[start]!)) start++;
  if (start === body.length) return { ok: true, records: [], count: 0 };
  if (body[start] === 0x5b /* [ */) {
    const parsed = parseJsonArray(body.toString('utf8'), limits);
    if (!parsed.ok)
      return {
        ok: false,
        reason: 'LiteLLM body is not valid JSON (expected a JSON array of StandardLoggingPayload objects, one object, or NDJSON)',
      };
    return { ok: true, records: parsed.records, count: parsed.records.length };
  }
  if (body[start] !== 0x7b /* { */)
    return { ok: false, reason: 'LiteLLM body must be a JSON array of StandardLoggingPayload objects, one such object, or NDJSON' };
  // One object (`single`, possibly pretty-printed) parses whole; NDJSON does not, unless it is one line.
  let single: unknown;
  const text = body.toString('utf8');
  try {
    // Too deep for one record: read as NDJSON, whose lines are each checked against the depth limit.
    if (nestingExceeds(text, MAX_DEPTH)) throw new Error(TOO_DEEP);
    single = JSON.parse(text);
  } catch {
    return { ok: true, records: ndjsonRecords(body, limits), count: countNdjsonRecords(body) };
  }
  if (body.length - start > limits.maxRecordBytes)
    return { ok: true, records: [{ line: 1, error: `record is larger than ${limits.maxRecordBytes} bytes` }], count: 1 };
  return { ok: true, records: [{ line: 1, value: single }], count: 1 };
}
