/**
 * OTLP/JSON decoding: lowerCamelCase keys (the proto names are accepted too), trace and span ids as
 * hex, 64-bit integers as strings or numbers, enums as integers.
 */
import type { OtlpRequest, OtlpSpan } from './model.ts';
import { attributesFrom } from './values.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const get = (o: Record<string, unknown>, camel: string, snake: string): unknown => (o[camel] !== undefined ? o[camel] : o[snake]);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export type JsonDecode = { ok: true; request: OtlpRequest } | { ok: false; reason: string };

export function decodeJson(text: string): JsonDecode {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'OTLP body is not valid JSON' };
  }
  if (!isObject(body)) return { ok: false, reason: 'OTLP JSON body must be an object (ExportTraceServiceRequest)' };
  const resourceSpans = get(body, 'resourceSpans', 'resource_spans');
  if (resourceSpans !== undefined && !Array.isArray(resourceSpans))
    return { ok: false, reason: 'OTLP JSON body: resourceSpans must be an array' };
  const spans: OtlpSpan[] = [];
  for (const rs of list(resourceSpans)) {
    if (!isObject(rs)) continue;
    const res = rs.resource;
    const resource = isObject(res) ? attributesFrom(res.attributes) : {};
    for (const ss of list(get(rs, 'scopeSpans', 'scope_spans'))) {
      if (!isObject(ss)) continue;
      for (const s of list(ss.spans)) {
        if (!isObject(s)) {
          spans.push({ traceId: '', spanId: '', name: '', startTimeUnixNano: '0', attributes: {}, events: [], statusCode: 0, resource });
          continue;
        }
        const code = isObject(s.status) ? s.status.code : 0;
        const status = code === 'STATUS_CODE_ERROR' ? 2 : Number(code ?? 0); // enums may come as names
        const start = get(s, 'startTimeUnixNano', 'start_time_unix_nano');
        spans.push({
          traceId: String(get(s, 'traceId', 'trace_id') ?? '').toLowerCase(),
          spanId: String(get(s, 'spanId', 'span_id') ?? '').toLowerCase(),
          name: typeof s.name === 'string' ? s.name : '',
          startTimeUnixNano: typeof start === 'string' || typeof start === 'number' ? String(start) : '0',
          attributes: attributesFrom(s.attributes),
          events: list(s.events)
            .filter(isObject)
            .map((e) => ({ name: typeof e.name === 'string' ? e.name : '', attributes: attributesFrom(e.attributes) })),
          statusCode: Number.isFinite(status) ? status : 0,
          resource,
        });
      }
    }
  }
  return { ok: true, request: { spans } };
}
