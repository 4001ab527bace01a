/**
 * Checks one parsed record against `schemas/event.schema.json` and the rules a schema cannot say
 * (known tag, a real instant within the accepted range, text the stores keep exactly). Returns the
 * fields ingestion needs, or a reason a person can act on. Every field that reaches the store is
 * checked here: a value a store cannot take would fail the whole batch instead of this record.
 */

import type { ErrorObject } from 'ajv';
import { Ajv2020 as Ajv } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import schema from '../../schemas/event.schema.json' with { type: 'json' };
import { addDays, utcDay } from '../shares/window.ts';
import { isKnownTag } from '../taxonomy/index.ts';
import { EPOCH_SECONDS_BELOW, MAX_FUTURE_MS, MAX_LENGTH, MIN_TIMESTAMP_MS, MIN_TIMESTAMP_TEXT } from './limits.ts';
import { identifierProblem } from './text.ts';

// ajv-formats is CommonJS; under ESM its function sits on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
  formats: string[],
) => Ajv;
const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv, ['date-time']);
const check = ajv.compile(schema);

export interface ValidRecord {
  id: string;
  timestampMs: number;
  model: string | null;
  promptTokens: number;
  completionTokens: number;
  cost: number | null;
  user: string | null;
  app: string | null;
  request?: Record<string, unknown>;
  tag?: string;
}

export type Validation = { ok: true; record: ValidRecord } | { ok: false; reason: string; id?: string };

export interface ValidationContext {
  nowMs: number;
  /**
   * Days raw events are kept (TASKSHARE_RETENTION_DAYS). An older event would be pruned, its id
   * forgotten, and a retry of it counted again; so it is refused instead.
   */
  retentionDays: number;
}

/** A number is epoch seconds below 10^11, else epoch milliseconds; a string is ISO 8601 (the schema checked its form). */
export function timestampToMs(value: string | number): number {
  if (typeof value === 'number') return value < EPOCH_SECONDS_BELOW ? value * 1000 : value;
  return Date.parse(value);
}

const NUMBER_RULE = 'a number below 10^11 is read as epoch seconds, a larger one as epoch milliseconds';

function timestampProblem(raw: string | number, ms: number, ctx: ValidationContext): string | undefined {
  if (!Number.isFinite(ms)) return 'timestamp is not a valid date';
  if (ms > ctx.nowMs + MAX_FUTURE_MS) return 'timestamp is more than a day in the future';
  const read = typeof raw === 'number' ? ` (${NUMBER_RULE}: ${new Date(ms).toISOString()})` : '';
  if (ms < MIN_TIMESTAMP_MS) return `timestamp is before ${MIN_TIMESTAMP_TEXT}, the earliest accepted${read}`;
  const oldest = addDays(utcDay(ctx.nowMs), -ctx.retentionDays);
  if (utcDay(ms) < oldest) {
    return (
      `timestamp is older than the ${ctx.retentionDays}-day retention (days before ${oldest} are no longer kept, so a retry ` +
      `could not be recognised as a duplicate)${read}`
    );
  }
  return undefined;
}

/** The identifier fields, checked alike: each is stored (user as a keyed hash) and must round-trip exactly. */
const TEXT_FIELDS = ['id', 'model', 'app', 'user'] as const;

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : 'record';
  const missing = error.params.missingProperty;
  if (error.keyword === 'anyOf' || (where === 'record' && (missing === 'request' || missing === 'tag'))) {
    return 'record needs either `request` (the request body) or `tag`';
  }
  if (error.keyword === 'required')
    return `missing required field ${where === 'record' ? '' : `${where}.`}${String(error.params.missingProperty)}`;
  if (where === 'timestamp') return `timestamp must be an ISO 8601 date-time with a time zone, or a number (${NUMBER_RULE})`;
  if (where === 'id' && error.keyword === 'minLength') return 'id must not be empty';
  return `${where} ${error.message ?? 'is invalid'}`;
}

export function validateRecord(value: unknown, ctx: ValidationContext): Validation {
  const rawId = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  // Echoed in the rejection so the record can be found; not when it is too long to be an id.
  const id = typeof rawId === 'string' && rawId !== '' && rawId.length <= MAX_LENGTH.id ? rawId : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'record must be a JSON object' };
  if (!check(value)) return { ok: false, reason: describe(check.errors![0]!), id };
  const r = value as Record<string, unknown> & {
    timestamp: string | number;
    usage: { prompt_tokens: number; completion_tokens: number; cost?: number | null };
  };
  for (const field of TEXT_FIELDS) {
    const text = r[field];
    const problem = typeof text === 'string' ? identifierProblem(text) : undefined;
    if (problem) return { ok: false, reason: `${field} ${problem}`, id };
  }
  const timestampMs = timestampToMs(r.timestamp);
  const late = timestampProblem(r.timestamp, timestampMs, ctx);
  if (late) return { ok: false, reason: late, id };
  if (r.tag !== undefined && !isKnownTag(String(r.tag)))
    return { ok: false, reason: `unknown tag ${JSON.stringify(String(r.tag).slice(0, 64))}: not in the taxonomy`, id };
  return {
    ok: true,
    record: {
      id: String(r.id),
      timestampMs,
      model: typeof r.model === 'string' && r.model !== '' ? r.model : null,
      promptTokens: r.usage.prompt_tokens,
      completionTokens: r.usage.completion_tokens,
      cost: typeof r.usage.cost === 'number' ? r.usage.cost : null,
      user: typeof r.user === 'string' ? r.user : null,
      app: typeof r.app === 'string' && r.app !== '' ? r.app : null,
      request: r.request as Record<string, unknown> | undefined,
      tag: r.tag as string | undefined,
    },
  };
}
