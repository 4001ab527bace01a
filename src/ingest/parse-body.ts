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

export function parseNdjson(text: string, limits: ParseLimits): InputRecord[] {
  const records: InputRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const n = i + 1;
    if (Buffer.byteLength(line) > limits.maxRecordBytes) {
      records.push({ line: n, error: `record is larger than ${limits.maxRecordBytes} bytes`, id: idOf(line) });
      continue;
    }
    try {
      records.push({ line: n, value: JSON.parse(line) });
    } catch {
      records.push({ line: n, error: 'invalid JSON', id: idOf(line) });
    }
  }
  return records;
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
