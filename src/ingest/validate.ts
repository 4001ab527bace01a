/**
 * Checks one parsed record against `schemas/event.schema.json` and the rules a schema cannot say
 * (known tag, a real instant, not from the future). Returns the fields ingestion needs, or a reason a
 * person can act on.
 */
import { Ajv2020 as Ajv } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import schema from '../../schemas/event.schema.json' with { type: 'json' };
import { isKnownTag } from '../taxonomy/index.ts';

// ajv-formats is CommonJS; under ESM its function sits on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
  formats: string[],
) => Ajv;
const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv, ['date-time']);
const check = ajv.compile(schema);

/** Up to one day ahead is clock skew; more is a bad timestamp. */
const MAX_FUTURE_MS = 86_400_000;

export interface ValidRecord {
  id: string;
  timestampMs: number;
  model: string | null;
  promptTokens: number;
  completionTokens: number;
  user: string | null;
  app: string | null;
  request?: Record<string, unknown>;
  tag?: string;
}

export type Validation = { ok: true; record: ValidRecord } | { ok: false; reason: string; id?: string };

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : 'record';
  const missing = error.params.missingProperty;
  if (error.keyword === 'anyOf' || (where === 'record' && (missing === 'request' || missing === 'tag'))) {
    return 'record needs either `request` (the request body) or `tag`';
  }
  if (error.keyword === 'required') return `missing required field ${where === 'record' ? '' : `${where}.`}${String(error.params.missingProperty)}`;
  if (where === 'timestamp') return 'timestamp must be an ISO 8601 date-time with a time zone, or epoch milliseconds';
  if (where === 'id' && error.keyword === 'minLength') return 'id must not be empty';
  return `${where} ${error.message ?? 'is invalid'}`;
}

export function validateRecord(value: unknown, nowMs: number): Validation {
  const id = typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string'
    ? ((value as { id: string }).id || undefined)
    : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'record must be a JSON object' };
  if (!check(value)) return { ok: false, reason: describe(check.errors![0]!), id };
  const r = value as Record<string, unknown> & { usage: { prompt_tokens: number; completion_tokens: number } };
  const timestampMs = typeof r.timestamp === 'number' ? r.timestamp : Date.parse(String(r.timestamp));
  if (!Number.isFinite(timestampMs)) return { ok: false, reason: 'timestamp is not a valid date', id };
  if (timestampMs > nowMs + MAX_FUTURE_MS) return { ok: false, reason: 'timestamp is more than a day in the future', id };
  if (r.tag !== undefined && !isKnownTag(String(r.tag))) return { ok: false, reason: `unknown tag ${JSON.stringify(r.tag)}: not in the taxonomy`, id };
  return {
    ok: true,
    record: {
      id: String(r.id),
      timestampMs,
      model: typeof r.model === 'string' && r.model !== '' ? r.model : null,
      promptTokens: r.usage.prompt_tokens,
      completionTokens: r.usage.completion_tokens,
      user: typeof r.user === 'string' ? r.user : null,
      app: typeof r.app === 'string' && r.app !== '' ? r.app : null,
      request: r.request as Record<string, unknown> | undefined,
      tag: r.tag as string | undefined,
    },
  };
}
